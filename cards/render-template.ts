import { Template } from 'adaptivecards-templating';
import { type Language, stringsFor } from '../bot/i18n/translate';

/** An Adaptive Card as sent to Teams (the attachment's content). */
export type AdaptiveCardJson = Record<string, unknown>;

/**
 * Binds a JSON template to data and the locale's strings (`${t.…}`). Values are substituted as
 * data, never evaluated as template expressions, so text a user typed cannot inject bindings.
 */
export function renderTemplate(template: object, language: Language, data: object): AdaptiveCardJson {
  const expanded = new Template(template).expand({ $root: { ...data, t: stringsFor(language) } });
  return expanded as AdaptiveCardJson;
}
