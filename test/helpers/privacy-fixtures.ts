import { CONTAINERS, type ContainerName } from '../../bot/storage/containers';
import { isAction } from './regie-fixtures';
import { cardText, findSubmitData, type TestBot, type TestUser } from './test-bot';

/** Everything every container holds, as text: where a seeded phrase must no longer appear. */
export async function everythingStored(bot: TestBot): Promise<string> {
  const parts: string[] = [];
  for (const container of Object.keys(CONTAINERS) as ContainerName[]) {
    const { resources } = await bot.store.container(container).items.query('SELECT * FROM c').fetchAll();
    parts.push(JSON.stringify(resources));
  }
  return parts.join('\n');
}

/** What the figures and the council report are made of: counts per quarter, no content. */
export async function quarterFigures(bot: TestBot): Promise<object> {
  const signals = await bot.storedDocuments('signal');
  return signals
    .map((signal) => ({
      reference: signal.reference,
      category: signal.category,
      urgency: signal.urgency,
      createdAt: signal.createdAt,
      observedOn: signal.observedOn,
      status: signal.status,
      closureReason: signal.closure?.reason,
      mergedInto: signal.closure?.mergedInto,
      partner: signal.forwarded?.partner,
      forwardedOn: signal.forwarded?.on,
      statusPath: signal.history.map((entry: { at: string; status: string; action?: string }) => [
        entry.at,
        entry.action,
        entry.status,
      ]),
    }))
    .sort((a, b) => a.reference.localeCompare(b.reference));
}

/** The coordinator opens the signal and works it with the given clicks, in order. */
export async function work(
  coordinator: TestUser,
  reference: string,
  steps: [action: string, inputs?: Record<string, unknown>][],
): Promise<void> {
  let card = (await coordinator.says(`signaal ${reference}`)).at(-1)!;
  for (const [action, inputs] of steps) {
    const reply = (await coordinator.clicks(card, isAction(action), inputs ?? {})).at(-1);
    if (!reply?.activity?.attachments?.length)
      throw new Error(`${action}: ${reply ? cardText(reply) : 'no reply'}`);
    card = reply;
  }
}

/** The reporter answers the last question that reached them (by identity or through the sealed link). */
export async function answerLastQuestion(bot: TestBot, reporter: TestUser, answer: string): Promise<void> {
  await bot.deliverOutbox();
  const question = reporter
    .received()
    .findLast((sent) => /heeft een vraag over je melding/.test(cardText(sent)));
  if (!question) throw new Error('no question reached the reporter');
  const value = findSubmitData(question.activity.attachments[0].content, (d) => d.verb === 'reporter.answer');
  if (!value) throw new Error('the question card has no answer button');
  await reporter.submitsRaw(question.activityId, { ...value, answer });
}
