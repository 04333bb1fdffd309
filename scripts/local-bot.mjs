// The one way the bot is started in local mode: `npm start` (start-local.mjs), `npm run start:bot`
// (start-bot.mjs), the bench's local-mode rows and the tests that start the bot as a process all call
// this module, so what is measured and tested is what a person runs.
//
// The bot runs as an esbuild bundle with node, not through tsx: tsx transpiles every module at load
// and keeps its loader in the heap, which cost start-up time and ~25 MB of resident memory (see
// README, "Local mode", and docs/decisions.md "Local mode runs a bundle").
import { spawn } from 'node:child_process';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where the bundle goes (gitignored: `.local-bot*` in .gitignore): `.local-bot`, or the folder that
 * `LOCAL_BOT_DIR` names (tests use one of their own, so they never replace the bundle that a
 * developer's running `npm start` uses). Always directly below the repository's root, so that the
 * bundled code's `__dirname` (`<bundle>/bot`) finds `../../tab` as bot/http/tab-assets.ts expects,
 * and node_modules as the bot's own files do.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function bundleDir(env = process.env) {
  const dir = resolve(root, env.LOCAL_BOT_DIR || '.local-bot');
  if (dirname(dir) !== root || !basename(dir).startsWith('.local-bot')) {
    throw new Error(
      `LOCAL_BOT_DIR must name a folder .local-bot… directly in the repository (${root}), not ${env.LOCAL_BOT_DIR}`,
    );
  }
  return dir;
}

/**
 * V8 flags for the bot's process. A young generation of 2 MB semi-spaces (V8's default grows to
 * 16–32 MB each, per thread: the bot's and the store's) keeps idle memory low; the figures that chose
 * it are in docs/decisions.md "Local mode runs a bundle".
 */
export const BOT_V8_FLAGS = ['--max-semi-space-size=2'];

/**
 * Builds the bundle: the bot's entry and the two worker files it starts (bot/storage/worker-files.ts).
 * @param {NodeJS.ProcessEnv} [env]
 */
export async function bundleBot(env = process.env) {
  const outdir = bundleDir(env);
  const { build, stop } = await import('esbuild');
  let result;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: {
        'bot/index': 'bot/index.ts',
        'bot/local-cosmos-worker': 'bot/storage/local-cosmos-worker.ts',
        'bot/local-snapshot-reader': 'bot/storage/local-snapshot-reader.ts',
      },
      outdir,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      define: { DAADKRACHT_BUNDLE: 'true' },
      logLevel: 'silent',
      write: false,
    });
  } catch (error) {
    const details = (error.errors ?? [])
      .map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`)
      .join('\n');
    throw new Error(`bundling the bot failed${details ? `:\n${details}` : `: ${error.message}`}`);
  } finally {
    // esbuild keeps its service process running for further builds; there are none, so end it.
    await stop();
  }
  // Each file is written beside itself and renamed into place, so a bot starting meanwhile (another
  // terminal, a test) never loads half a file.
  try {
    // A file where the bundle's folder belongs (left by an interrupted run of an older test): it
    // holds nothing of ours, so it is replaced rather than making every start fail.
    if ((await stat(outdir).catch(() => undefined))?.isFile()) await rm(outdir);
    await mkdir(join(outdir, 'bot'), { recursive: true });
    await Promise.all(
      result.outputFiles.map(async (file) => {
        const temporary = `${file.path}.${process.pid}.tmp`;
        await writeFile(temporary, file.contents);
        await rename(temporary, file.path);
      }),
    );
  } catch (error) {
    throw new Error(`bundling the bot failed: cannot write ${outdir}: ${error.message}`);
  }
}

/**
 * The arguments of `node` that run the bundled bot (after bundleBot).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function botNodeArgs(env = process.env) {
  return [
    ...BOT_V8_FLAGS,
    // Stack traces point at bot/*.ts, as under tsx.
    '--enable-source-maps',
    // restify 11 loads http-deceiver (through spdy), which touches process.binding('http_parser') twice
    // at load and so prints DEP0111 twice. It is harmless (see README, Versions); hide exactly that code
    // and nothing else, so any other deprecation still shows.
    '--disable-warning=DEP0111',
    join(bundleDir(env), 'bot', 'index.js'),
  ];
}

/**
 * Bundles the bot and starts it with node in a child process. Rejects (starting nothing) when the
 * bundle cannot be built.
 * @param {{ env: NodeJS.ProcessEnv, stdio?: import('node:child_process').StdioOptions }} options
 */
export async function startLocalBot({ env, stdio = ['ignore', 'pipe', 'pipe'] }) {
  await bundleBot(env);
  return spawn(process.execPath, botNodeArgs(env), { env, stdio });
}
