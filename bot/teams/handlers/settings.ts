import { renderSettingsForm } from '../../../cards/settings-cards';
import { InvalidInputError } from '../../domain/errors';
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
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    await turn.replaceCard(renderSettingsForm(turn.language, { values, errors: error.fieldErrors }));
  }
}
