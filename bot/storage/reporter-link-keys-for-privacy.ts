import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KEY_BYTES, type KeyRing } from '../domain/privacy/link-sealer';
import type { Logger } from '../logger';

/** `id:base64,id:base64`, the first one current: how REPORTER_LINK_KEYS (a Key Vault reference) reads. */
export function parseKeyRing(text: string): KeyRing {
  const keys = new Map<string, Buffer>();
  let currentKeyId: string | undefined;
  for (const part of text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [keyId, encoded] = part.split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!keyId || !/^[A-Za-z0-9_-]{1,40}$/.test(keyId) || key.length !== KEY_BYTES)
      throw new Error('REPORTER_LINK_KEYS must be id:base64-of-32-bytes[,id:base64…], the current key first');
    keys.set(keyId, key);
    currentKeyId ??= keyId;
  }
  if (!currentKeyId) throw new Error('REPORTER_LINK_KEYS holds no key');
  return { currentKeyId, keys };
}

const KEY_FILE = 'reporter-link-keys.json';

/**
 * Local mode: a key file beside the embedded store's data, created on first start with mode 0600
 * (owner read/write only). The database snapshot and the key are separate files, so copying the
 * snapshot alone does not open the links; whoever can read the data dir as the bot's user can.
 */
export async function localKeyRing(dataDir: string, logger: Logger): Promise<KeyRing> {
  const path = join(dataDir, KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    const created = { current: 'local-1', keys: { 'local-1': randomBytes(KEY_BYTES).toString('base64') } };
    await writeFile(path, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    logger.info({ path }, 'created the local key for sealed reporter links');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (((await stat(path)).mode & 0o077) !== 0) {
    logger.warn({ path }, 'the local link key file was readable by others; restricting it to 0600');
    await chmod(path, 0o600);
  }
  const file = JSON.parse(await readFile(path, 'utf8')) as { current: string; keys: Record<string, string> };
  return parseKeyRing(
    [file.current, ...Object.keys(file.keys).filter((id) => id !== file.current)]
      .map((id) => `${id}:${file.keys[id]}`)
      .join(','),
  );
}
