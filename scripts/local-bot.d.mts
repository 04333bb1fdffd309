import type { ChildProcess, StdioOptions } from 'node:child_process';

/** Types of scripts/local-bot.mjs, for the bench and the tests that start the bot as a process. */
export function bundleDir(env?: NodeJS.ProcessEnv): string;
export const BOT_V8_FLAGS: readonly string[];
export function bundleBot(env?: NodeJS.ProcessEnv): Promise<void>;
export function botNodeArgs(env?: NodeJS.ProcessEnv): string[];
export function startLocalBot(options: {
  env: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
}): Promise<ChildProcess>;
