#!/usr/bin/env node
// `npm start`: the bot with its embedded Cosmos-compatible store, plus the Microsoft 365 Agents
// Playground as a local Teams-like client. Nothing leaves this machine: the Playground's browser
// launch and telemetry are switched off by the variables below.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalBot } from './local-bot.mjs';

const require = createRequire(import.meta.url);
const PLAYGROUND_USER = '00000000-0000-0000-0000-0000000000020';
const botPort = process.env.PORT ?? '3978';
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';

// The Playground's user (Alex Wilber) becomes coordinator and admin unless you choose others, so one person
// can both report a signal and see the coordinator's notice arrive, and grant roles with `rol geef`.
// Logs are printed for a person to read; set LOG_FORMAT=json to see what production writes.
const botEnv = {
  ...process.env,
  PORT: botPort,
  COORDINATOR_AAD_IDS: process.env.COORDINATOR_AAD_IDS ?? PLAYGROUND_USER,
  ADMIN_AAD_IDS: process.env.ADMIN_AAD_IDS ?? PLAYGROUND_USER,
  LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
  // The bot's output reaches the terminal through a pipe: keep colours when the terminal has them.
  ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } : {}),
};
const playgroundEnv = {
  ...process.env,
  TEAMSAPPTESTER_BROWSER: 'none',
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: JSON.stringify({
    disableAppInsights: true,
    disableStatsbeat: true,
    enableAutoCollectHeartbeat: false,
  }),
};

const children = [];
let stopping = false;

function run(name, args, env, onLine) {
  return follow(name, spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }), onLine);
}

/** Prefixes a child's output lines with its name, and stops the rest when it stops. */
function follow(name, child, onLine) {
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        process.stdout.write(`[${name}] ${line}\n`);
        onLine?.(line);
      }
    });
  }
  child.on('exit', (code) => {
    if (!stopping) {
      process.stdout.write(`[${name}] stopped (exit ${code}); stopping the rest.\n`);
      void stopAll(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

const STOP_GRACE_MS = 15_000;

/** Stops every child (SIGTERM, then SIGKILL after a grace period) and exits: no process is left behind. */
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  process.exit(code);
}

async function waitForHealth(url) {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet; the loop is the retry.
    }
    await sleep(250);
  }
  throw new Error(`the bot did not become healthy at ${url}`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));
// Whoever read our output is gone (a closed terminal or pipe): stop instead of crashing past the children.
process.stdout.on('error', () => void stopAll(0));

// `npm start` runs this script through a shell. A SIGTERM to npm reaches that shell, which dies without
// passing it on, and this script would be re-parented and keep running with the bot and the Playground.
// So when the parent goes away, stop as if signalled.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart) void stopAll(0);
}, 250);

// The bot is bundled first (scripts/local-bot.mjs, ~0.5 s): a fresh clone has no bundle, and an edited
// bot/ must never run stale. A bundle that cannot be built stops here, with esbuild's errors.
process.stdout.write('[start] bundling the bot…\n');
try {
  follow('bot', await startLocalBot({ env: botEnv }));
} catch (error) {
  process.stdout.write(`[start] ${error.message}\n[start] Nothing was started.\n`);
  process.exit(1);
}
try {
  await waitForHealth(`http://127.0.0.1:${botPort}/healthz`);
} catch (error) {
  process.stdout.write(`[start] ${error.message}; stopping.\n`);
  await stopAll(1);
}
if (stopping) await new Promise(() => {}); // stopAll exits the process; start nothing more meanwhile.

const playgroundCli = require.resolve('@microsoft/m365agentsplayground/cli.js');
run(
  'playground',
  [
    playgroundCli,
    'start',
    '-e',
    `http://127.0.0.1:${botPort}/api/messages`,
    '-c',
    'msteams',
    '--disable-telemetry',
    '-p',
    playgroundPort,
  ],
  playgroundEnv,
  (line) => {
    const port = /Listening on (\d+)/.exec(line)?.[1];
    if (port) {
      process.stdout.write(
        `\n  Daadkracht is ready. Open http://localhost:${port} and type "meld" to report a signal.\n` +
          `  Local data is kept in ${process.env.LOCAL_DATA_DIR ?? '.data'}/. Stop with Ctrl+C.\n\n`,
      );
    }
  },
);
