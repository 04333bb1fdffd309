import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { readPngHeader } from '../icons/png';

/**
 * Offline validation against the JSON schemas bundled in @microsoft/app-manifest. Given the
 * schema object, `validateAgainstSchema` never goes to the network; without it, it would
 * download the schema named in `$schema`.
 */
const SCHEMA_ROOT = join(
  dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

type SchemaKind = 'manifest' | 'localization';

const SCHEMA_FILE: Record<SchemaKind, string> = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
};

export function schemaUrl(manifestVersion: string, kind: SchemaKind): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/${SCHEMA_FILE[kind]}`;
}

/**
 * Escapes a `]` that closes no character class. Without the `u` flag such a bracket is a literal
 * `]`; with it (which ajv uses) it is a syntax error. The published localization schemas have
 * two such patterns (`...\b]\.description$`), so the schema would not compile at all.
 */
export function unicodeSafePattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    if (char === '\\') {
      out += char + (pattern[i + 1] ?? '');
      i += 1;
    } else if (char === '[' && !inClass) {
      inClass = true;
      out += char;
    } else if (char === ']') {
      out += inClass ? char : '\\]';
      inClass = false;
    } else {
      out += char;
    }
  }
  return out;
}

function compilable(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Rewrites, in place, only the patterns that do not compile as unicode regular expressions. */
function makePatternsUnicodeSafe(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) makePatternsUnicodeSafe(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.pattern === 'string' && !compilable(record.pattern)) {
    record.pattern = unicodeSafePattern(record.pattern);
  }
  const patterns = record.patternProperties;
  if (patterns && typeof patterns === 'object') {
    const entries = Object.entries(patterns);
    record.patternProperties = Object.fromEntries(
      entries.map(([key, value]) => [compilable(key) ? key : unicodeSafePattern(key), value]),
    );
  }
  for (const value of Object.values(record)) makePatternsUnicodeSafe(value);
}

export function loadBundledSchema(manifestVersion: string, kind: SchemaKind): object {
  const file = join(SCHEMA_ROOT, `v${manifestVersion}`, SCHEMA_FILE[kind]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`@microsoft/app-manifest has no ${kind} schema for manifest version ${manifestVersion}`);
  }
  // Some published schemas contain \a and \v escapes, which JSON does not know (the library does the same).
  const schema = JSON.parse(text.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as object;
  makePatternsUnicodeSafe(schema);
  return schema;
}

async function againstSchema(document: object, schema: object): Promise<string[]> {
  // The library's types tie the schema to its own manifest type; the check itself is plain JSON Schema.
  return AppManifestUtils.validateAgainstSchema(document as never, schema as never);
}

function versionOf(manifest: Record<string, unknown>): string {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') throw new Error('the manifest has no manifestVersion');
  return version;
}

/** Schema errors of a filled manifest; empty when it is valid. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = versionOf(manifest);
  const errors = await againstSchema(manifest, loadBundledSchema(version, 'manifest'));
  if (manifest.$schema !== schemaUrl(version, 'manifest')) {
    errors.push(`$schema must be ${schemaUrl(version, 'manifest')} for manifestVersion ${version}`);
  }
  return errors;
}

const COMMAND_KEY = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/;

interface CommandList {
  commands: { title: string; description?: string }[];
}

/**
 * Schema errors of a localization file, plus keys that point at no command in the manifest and
 * commands that the file leaves untranslated.
 */
export async function validateLocalization(
  localization: Record<string, unknown>,
  manifest: Record<string, unknown>,
): Promise<string[]> {
  const version = versionOf(manifest);
  const errors = await againstSchema(localization, loadBundledSchema(version, 'localization'));
  if (localization.$schema !== schemaUrl(version, 'localization')) {
    errors.push(`$schema must be ${schemaUrl(version, 'localization')}`);
  }
  const bots = manifest.bots as { commandLists?: CommandList[] }[] | undefined;
  const lists = bots?.[0]?.commandLists ?? [];
  for (const key of Object.keys(localization)) {
    const match = COMMAND_KEY.exec(key);
    if (match && !lists[Number(match[1])]?.commands[Number(match[2])]) {
      errors.push(`${key} translates a command the manifest does not have`);
    }
  }
  lists.forEach((list, i) => {
    list.commands.forEach((command, j) => {
      for (const field of ['title', 'description'] as const) {
        const key = `bots[0].commandLists[${i}].commands[${j}].${field}`;
        if (command[field] !== undefined && localization[key] === undefined) {
          errors.push(`${key} ("${command[field]}") has no translation`);
        }
      }
    });
  });
  return errors;
}

/** Teams wants a 192x192 colour icon and a 32x32 outline icon with transparency. */
export function validateIcons(color: Buffer, outline: Buffer): string[] {
  const errors: string[] = [];
  const c = readPngHeader(color);
  const o = readPngHeader(outline);
  if (c.width !== 192 || c.height !== 192)
    errors.push(`color.png must be 192x192 (is ${c.width}x${c.height})`);
  if (o.width !== 32 || o.height !== 32) errors.push(`outline.png must be 32x32 (is ${o.width}x${o.height})`);
  if (o.colorType !== 6) errors.push('outline.png must have an alpha channel (transparent background)');
  return errors;
}
