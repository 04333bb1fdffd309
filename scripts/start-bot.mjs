#!/usr/bin/env node
// `npm run start:bot`: only the bot, in local mode (embedded store, data in LOCAL_DATA_DIR or .data/),
// bundled and run as `npm start` runs it (scripts/local-bot.mjs). Its output goes straight to the
// terminal; signals reach it and its exit code is this script's.
import { startLocalBot } from './local-bot.mjs';

let bot;
try {
  bot = await startLocalBot({ env: process.env, stdio: 'inherit' });
} catch (error) {
  process.stderr.write(`[start:bot] ${error.message}\n[start:bot] The bot was not started.\n`);
  process.exit(1);
}
// Ctrl+C reaches the bot from the terminal itself (it is in the same process group): passing SIGINT on
// as well would interrupt its start-up wait twice. A SIGTERM or SIGHUP sent to this script alone is
// passed on as SIGTERM; this script then waits for the bot's clean shutdown and exits with its code.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (signal !== 'SIGINT') bot.kill('SIGTERM');
  });
}
// A SIGTERM to npm ends npm's shell without passing it on; this script would be re-parented and the
// bot keep running. So when the parent goes away, stop the bot as if signalled (as start-local.mjs does).
const parentAtStart = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid !== parentAtStart) bot.kill('SIGTERM');
}, 250);
bot.on('exit', (code, signal) => {
  clearInterval(parentWatch);
  process.exit(code ?? (signal ? 1 : 0));
});
