import { startEchoBot } from './echo-bot';

/**
 * The echo bot in a process of its own, compiled like the production build (bench/child-build.ts),
 * so that against the production build both sides pay the same process boundary: prints
 * `{"url": ...}` once it listens, stops on SIGTERM.
 */
async function main(): Promise<void> {
  const echo = await startEchoBot();
  process.stdout.write(`${JSON.stringify({ url: echo.url })}\n`);
  const stop = () => void echo.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
