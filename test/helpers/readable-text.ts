import type { SentActivity } from './capture-connector';

/**
 * The text a person reads in a message, as Teams shows it: text blocks and text runs, facts,
 * labels, placeholders, button and choice titles. Not what only the bot reads (choice values,
 * submit data, ids), where internal codes belong.
 */
export function readableTexts(sent: SentActivity): string[] {
  const texts: string[] = [];
  if (sent.activity?.text) texts.push(sent.activity.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    const type = String(element.type ?? '');
    for (const key of ['text', 'title', 'label', 'placeholder', 'errorMessage']) {
      if (typeof element[key] === 'string') texts.push(element[key] as string);
    }
    // A fact's value is read; a choice's or an input's value is what the bot reads back.
    if (type === 'FactSet')
      for (const fact of (element.facts as { value?: unknown }[] | undefined) ?? [])
        if (typeof fact.value === 'string') texts.push(fact.value);
    for (const [key, value] of Object.entries(element)) if (key !== 'data' && key !== 'facts') walk(value);
  };
  for (const attachment of sent.activity?.attachments ?? []) walk(attachment.content);
  return texts;
}

/** Hyphenated words of the languages themselves, not codes. */
const WORDS_WITH_HYPHENS = new Set(['follow-up']);

/** Internal codes (kebab-case enum values such as `no-follow-up`) in a text. */
export function internalCodesIn(text: string): string[] {
  const found = text.match(/(?<![\w@./:-])[a-z]+(?:-[a-z]+)+(?![\w-])/g) ?? [];
  return found.filter((word) => !WORDS_WITH_HYPHENS.has(word));
}

/** Placeholders such as `<tekst>` that Teams swallows as HTML when it renders markdown. */
export function swallowedPlaceholdersIn(text: string): string[] {
  return text.match(/<[a-zA-Z\u00C0-\u017F]+>/g) ?? [];
}
