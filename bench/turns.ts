import assert from 'node:assert/strict';
import type { CaptureConnector, SentActivity } from '../test/helpers/capture-connector';
import { validReport } from '../test/helpers/report-fixtures';
import { messageActivity } from '../test/helpers/teams-activities';
import { cardOf, findSubmitData, person, type TestBot, type TestUser } from '../test/helpers/test-bot';
import type { EchoBot } from './echo-bot';

/** One kind of turn the benchmark times: `prepare` (not timed) then `run` (timed). */
export interface TurnKind {
  label: string;
  prepare?(): Promise<void>;
  run(): Promise<unknown>;
}

/** Posts a Teams-shaped message to the echo bot and waits for its answer. */
export async function echoTurn(echo: EchoBot, connector: CaptureConnector): Promise<void> {
  const base = {
    serviceUrl: connector.url,
    person: person('Echo user'),
    conversation: { id: 'a:echo', type: 'personal' as const },
  };
  const response = await fetch(`${echo.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messageActivity(base, 'help')),
  });
  await response.arrayBuffer();
  assert.equal(response.status, 200);
}

/** The turns the issue names, by a coordinator and a reporter in their 1:1 chats. */
export function turnKinds(coordinator: TestUser, reporter: TestUser, openReference: string): TurnKind[] {
  let form: SentActivity | undefined;
  let signalCard: SentActivity | undefined;
  let notes = 0;
  return [
    { label: 'help', run: () => expectReply(coordinator.says('help')) },
    { label: 'open', run: () => expectReply(coordinator.says('open')) },
    { label: 'mijn meldingen', run: () => expectReply(reporter.says('mijn meldingen')) },
    { label: 'signaal <ref>', run: () => expectReply(coordinator.says(`signaal ${openReference}`)) },
    {
      label: 'submit of a report',
      prepare: async () => {
        form = (await expectReply(reporter.says('meld'))).at(-1);
      },
      run: () => expectReply(reporter.submits(form as SentActivity, validReport)),
    },
    {
      label: 'card action (note)',
      prepare: async () => {
        // The dispatcher may deliver a notice to the same chat meanwhile: take the signal card.
        const replies = await expectReply(coordinator.says(`signaal ${openReference}`));
        signalCard = replies.findLast((sent) => hasNoteButton(sent));
      },
      run: async () => {
        const data = findSubmitData(cardOf(signalCard as SentActivity), (d) => d.action === 'note');
        assert.ok(data, 'the signal card has a note button');
        notes += 1;
        await expectReply(
          coordinator.submitsRaw((signalCard as SentActivity).activityId, {
            ...data,
            'note.note': `Notitie ${notes}`,
          }),
        );
      },
    },
  ];
}

/** Ten people who each have the report form open, to submit at the same moment. */
export async function burstOf(bot: TestBot, size: number, round: number): Promise<() => Promise<unknown>> {
  const people = Array.from({ length: size }, (_, i) => bot.user(`Burst ${round}-${i}`));
  const forms = await Promise.all(people.map(async (who) => (await expectReply(who.says('meld'))).at(-1)));
  return () =>
    Promise.all(people.map((who, i) => expectReply(who.submits(forms[i] as SentActivity, validReport))));
}

function hasNoteButton(sent: SentActivity): boolean {
  if (!sent.activity?.attachments?.length) return false;
  return !!findSubmitData(cardOf(sent), (data) => data.action === 'note');
}

async function expectReply(replies: Promise<SentActivity[]>): Promise<SentActivity[]> {
  const sent = await replies;
  assert.ok(sent.length > 0, 'the bot answered');
  return sent;
}
