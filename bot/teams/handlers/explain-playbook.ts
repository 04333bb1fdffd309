import { renderPlaybookExplainer } from '../../../cards/playbook-cards';
import { InvalidInputError } from '../../domain/errors';
import type { LineOfWork } from '../../domain/playbook/lines-of-work';
import { readPlaybook } from '../../domain/playbook/read-playbook';
import { rememberLineOfWork } from '../../domain/playbook/remember-line-of-work';
import { playbookSeed } from '../../i18n/playbook-seed';
import { playbookLink } from '../playbook-link';
import type { Turn } from '../turn';

async function explainer(turn: Turn, lineOfWork: LineOfWork | undefined) {
  const view = await readPlaybook(turn.services, turn.actor, playbookSeed(turn.language));
  return renderPlaybookExplainer(turn.language, {
    texts: view.texts,
    lineOfWork,
    link: playbookLink(turn.services.botAppIdFor(turn.actor.tenantId), turn.services.publicBaseUrl) ?? '',
  });
}

/** `uitleg` / `wat is ondermijning`: the short card for the person's line of work (or the choice of one). */
export async function explainPlaybook(turn: Turn): Promise<void> {
  await turn.sendCard(await explainer(turn, turn.profile?.lineOfWork));
}

/** A line-of-work button: remembered, and the card shows that line's examples. */
export async function chooseLineOfWork(turn: Turn, values: Record<string, unknown>): Promise<void> {
  try {
    const line = await rememberLineOfWork(turn.services, turn.actor, values.lineOfWork);
    await turn.replaceCard(await explainer(turn, line));
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    await turn.replaceCard(await explainer(turn, undefined));
  }
}

/** "Other line of work": the card again with the choice. */
export async function offerLinesOfWork(turn: Turn): Promise<void> {
  await turn.replaceCard(await explainer(turn, undefined));
}
