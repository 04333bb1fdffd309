import { rm } from 'node:fs/promises';
import { bundleDir } from '../../scripts/local-bot.mjs';

/**
 * The bot's bundle for this test run: a folder of its own directly in the repository (where
 * `../../tab` and node_modules resolve, as for `.local-bot`), so tests never delete or rebuild the
 * bundle a developer's running `npm start` uses. Removed when the run ends (root-hooks.ts).
 */
export const TEST_BUNDLE_ENV = { LOCAL_BOT_DIR: `.local-bot-test-${process.pid}` };

export const TEST_BUNDLE_DIR = bundleDir(TEST_BUNDLE_ENV);

export async function removeTestBundle(): Promise<void> {
  await rm(TEST_BUNDLE_DIR, { recursive: true, force: true });
}
