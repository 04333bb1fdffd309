import { renderPendingClosures, renderSettingsForm } from '../../../cards/settings-cards';
import { InvalidInputError } from '../../domain/errors';
import {
  finishPendingClosures,
  pendingClosureReferences,
} from '../../domain/signals/finish-pending-closures';
import { changeSettings, readSettings, settingsFormValues } from '../../domain/tenants/change-settings';
import type { Turn } from '../turn';

/** `instellingen`: the tenant's settings as a form. */
export async function showSettings(turn: Turn): Promise<void> {
  const settings = await readSettings(turn.services, turn.actor);
  await turn.sendCard(renderSettingsForm(turn.language, { values: settingsFormValues(settings) }));
}

/** The form's submit: saved and shown again, or back with the values and what to fix. */
export async function submitSettings(turn: Turn, values: Record<string, unknown>): Promise<void> {
  try {
    const saved = await changeSettings(turn.services, turn.actor, values);
    await turn.replaceCard(renderSettingsForm(turn.language, { values: settingsFormValues(saved) }));
    await turn.sendText('settings.saved');
    await offerToFinishPendingClosures(turn, saved.fourEyesClosure);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    await turn.replaceCard(renderSettingsForm(turn.language, { values, errors: error.fieldErrors }));
  }
}

/**
 * A change of the four-eyes rule applies to closures already waiting: with four eyes off they are
 * offered to be finished now (one click, each closure audited and its reporter told), rather than
 * closed behind everyone's back by a settings form. See docs/decisions.md.
 */
async function offerToFinishPendingClosures(turn: Turn, fourEyesClosure: boolean): Promise<void> {
  if (fourEyesClosure) return;
  const roles = await turn.services.roles.rolesOf(turn.actor.tenantId, turn.actor.aadObjectId);
  if (!roles.includes('coordinator')) return;
  const waiting = await pendingClosureReferences(turn.services, turn.actor);
  if (waiting.length > 0) await turn.sendCard(renderPendingClosures(turn.language, { waiting }));
}

/** The offer's button: finishes every waiting closure and says which. */
export async function finishPendingClosuresFromCard(turn: Turn): Promise<void> {
  const outcome = await finishPendingClosures(turn.services, turn.actor);
  await turn.replaceCard(renderPendingClosures(turn.language, outcome));
}
