import assert from 'node:assert/strict';

/**
 * Reading Bicep as text: no Bicep compiler runs here, so the tests find blocks, app settings and
 * parameters by their shape.
 */

/** The text between `open` (which ends in `[` or `{`) and its matching bracket. */
export function block(text: string, open: string): string {
  const start = text.indexOf(open);
  assert.notEqual(start, -1, `"${open}" not found`);
  const opener = open.at(-1) as string;
  const closer = opener === '[' ? ']' : '}';
  let depth = 0;
  for (let i = start + open.length - 1; i < text.length; i += 1) {
    if (text[i] === opener) depth += 1;
    if (text[i] === closer) depth -= 1;
    if (depth === 0) return text.slice(start + open.length, i);
  }
  throw new Error(`"${open}" is not closed`);
}

/** App settings as name -> the Bicep expression of the value. */
export function appSettings(bicep: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const [, name, value] of block(bicep, 'appSettings: [').matchAll(
    /name:\s*'([^']+)'\s*value:\s*([^\n]+)/g,
  )) {
    settings.set(name as string, (value as string).trim());
  }
  return settings;
}

export interface BicepParam {
  name: string;
  hasDefault: boolean;
  defaultValue?: string;
}

export function params(bicep: string): BicepParam[] {
  return [...bicep.matchAll(/^param (\w+) \w+( = (.+))?$/gm)].map(([, name, withDefault, value]) => ({
    name: name as string,
    hasDefault: withDefault !== undefined,
    defaultValue: value,
  }));
}
