import { Template } from 'adaptivecards-templating';
import { type Language, stringsFor } from '../bot/i18n/translate';

/** An Adaptive Card as sent to Teams (the attachment's content). */
export type AdaptiveCardJson = Record<string, unknown>;

/**
 * Binds a JSON template to data and the locale's strings (`${t.…}`). Values are substituted as
 * data, never evaluated as template expressions, so text a user typed cannot inject bindings.
 */
export function renderTemplate(template: object, language: Language, data: object): AdaptiveCardJson {
  // A fan-out renders the same card a thousand times: the result depends only on template,
  // language and data, so the last few are kept (a copy costs less than expanding again, even from
  // the parsed template), and each caller gets its own copy.
  const key = `${language}\u0000${JSON.stringify(data)}`;
  let recent = rendered.get(template);
  if (!recent) {
    recent = new Map();
    rendered.set(template, recent);
  }
  const cached = recent.get(key);
  if (cached) return structuredClone(cached);
  const expanded = parsed(template).expand({ $root: { ...data, t: stringsFor(language) } });
  if (recent.size >= RENDERED_PER_TEMPLATE) recent.delete(recent.keys().next().value as string);
  recent.set(key, expanded as AdaptiveCardJson);
  return structuredClone(expanded) as AdaptiveCardJson;
}

const RENDERED_PER_TEMPLATE = 20;
const rendered = new WeakMap<object, Map<string, AdaptiveCardJson>>();

/**
 * The parsed template per card file. `new Template()` parses every `${…}` of the card with the
 * expressions' ANTLR parser (most of a card's rendering time); `expand` only evaluates them, and
 * starts from a fresh context each call, so one parsed template serves every render.
 */
function parsed(template: object): Template {
  let found = templates.get(template);
  if (!found) {
    found = new Template(template);
    templates.set(template, found);
  }
  return found;
}

const templates = new WeakMap<object, Template>();
