import { extname, join } from 'node:path';

/**
 * Set to `true` by the esbuild bundle that `npm start` and `npm run start:bot` run
 * (scripts/local-bot.mjs, `define`); absent under tsx and in the `tsc` build.
 */
declare const DAADKRACHT_BUNDLE: boolean | undefined;

/** The files the bot runs on threads of their own in local mode. */
export type WorkerFile = 'local-cosmos-worker' | 'local-snapshot-reader';

/**
 * The code a `new Worker(…, { eval: true })` runs to load one of the worker files. Where that file is
 * depends on how the bot runs, so it is named here once rather than found by accident:
 * - the bundle (scripts/local-bot.mjs) writes every worker as an entry of its own next to the bot's
 *   entry, in one directory (`<bundle>/bot/`), which is the `__dirname` of all bundled code;
 * - the `tsc` build (dist/bot/storage/*.js) and tsx (bot/storage/*.ts) keep them next to this module,
 *   as the same kind of file as this one. tsx's loader is not inherited by a worker started from the
 *   tsx command, so the worker registers it itself before loading a .ts file.
 */
export function workerSource(name: WorkerFile): string {
  const bundled = typeof DAADKRACHT_BUNDLE !== 'undefined' && DAADKRACHT_BUNDLE;
  const file = join(__dirname, `${name}${bundled ? '.js' : extname(__filename)}`);
  const loader = extname(file) === '.ts' ? "require('tsx/cjs');" : '';
  return `${loader} require(${JSON.stringify(file)});`;
}
