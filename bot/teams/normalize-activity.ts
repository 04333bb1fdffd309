import type { Activity } from 'botbuilder';
import { normalizeUserText, normalizeUserValues } from '../domain/user-text';

/**
 * The one place where text from Teams enters the bot: the typed message, every value of a submitted
 * card and the sender's display name are normalised (see normalizeUserText) before any handler,
 * validation or store sees them.
 */
export function normalizeActivityInput(activity: Activity): void {
  if (typeof activity.text === 'string') activity.text = normalizeUserText(activity.text);
  if (activity.value !== undefined) activity.value = normalizeUserValues(activity.value);
  if (typeof activity.from?.name === 'string') activity.from.name = normalizeUserText(activity.from.name);
}
