/** The page's texts, served by the bot from bot/i18n in the person's language. */
export type StringTable = Record<string, unknown>;

export function translator(table: StringTable) {
  return (key: string, vars: Record<string, string | number> = {}): string => {
    let node: unknown = table;
    for (const part of key.split('.')) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
    const text = typeof node === 'string' ? node : key;
    return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
  };
}

export type Translate = ReturnType<typeof translator>;
