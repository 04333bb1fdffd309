import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Local mode's receipt-code key: generated once and kept in the data directory (never committed:
 * .data is ignored), so codes can be shown again after a restart, as in production.
 */
export async function localReceiptCodeSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'receipt-code.key');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // 'wx': two processes starting together keep whichever key was written first.
  try {
    await writeFile(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    return (await readFile(file, 'utf8')).trim();
  }
}
