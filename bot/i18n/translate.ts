import en from './en.json';
import nl from './nl.json';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A locale's whole string table; card templates bind to it as `${t.section.key}`. */
export type Strings = typeof nl;

const TABLES: Record<Language, Strings> = { nl, en };

export function stringsFor(language: Language): Strings {
  return TABLES[language];
}

/**
 * The text for a dotted key such as `form.error.category`, with `{name}` placeholders filled.
 * A missing key is a bug, so it shows the key itself rather than an empty message.
 */
export function t(language: Language, key: string, vars: Record<string, string | number> = {}): string {
  let node: unknown = TABLES[language];
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
