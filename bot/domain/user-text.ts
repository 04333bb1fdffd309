/**
 * What counts as text a person typed, in one rule for every form, command and name: canonical
 * Unicode (NFC), no control characters except newline and tab, no bidirectional overrides,
 * isolates or marks (they reorder what a coordinator reads), no lone surrogates (they break
 * JSON consumers and fonts). Applied before validation, so lengths and "required" see what will
 * be stored and shown.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls except \t (09) and \n (0A), DEL, and the C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Embeddings and overrides (202A-202E), isolates (2066-2069), LRM, RLM and the Arabic letter mark.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function normalizeUserText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(BIDI, '')
    .normalize('NFC');
}

/** Every string inside a card's submitted value (nested objects and lists too); other values as they are. */
export function normalizeUserValues<T>(value: T): T {
  if (typeof value === 'string') return normalizeUserText(value) as T;
  if (Array.isArray(value)) return value.map((item) => normalizeUserValues(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, normalizeUserValues(item)]),
    ) as T;
  }
  return value;
}
