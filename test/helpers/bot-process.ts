import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startLocalBot } from '../../scripts/local-bot.mjs';
import { TEST_BUNDLE_ENV } from './test-bundle';

/** The bot started as `npm run start:bot` starts it: its own process, local store, real signals. */
export class BotProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /**
   * Resolves when the bot is ready (the store answered), or with `until: 'listening'` as soon as
   * its HTTP server listens, before the store is reached.
   */
  static async start(
    env: Record<string, string>,
    until: 'ready' | 'listening' = 'ready',
  ): Promise<BotProcess> {
    const child = await startLocalBot({
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...TEST_BUNDLE_ENV, ...env },
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A process that never became ready must not outlive the test (it would keep mocha running).
        child.kill('SIGKILL');
        reject(new Error(`bot did not start:\n${output}`));
      }, 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const port = /"port":(\d+)/.exec(output)?.[1];
        const listening =
          until === 'ready'
            ? port && /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1]
            : /"address":"(http:\/\/[^"]+)"/.exec(output)?.[1];
        if (listening) {
          clearTimeout(timer);
          resolve(listening);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`bot exited with ${code}:\n${output}`)));
    });
    const bot = new BotProcess(child, url);
    bot.output = output;
    child.once('exit', (code) => {
      bot.exitCode = code;
    });
    const append = (chunk: Buffer) => {
      bot.output += chunk.toString();
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    return bot;
  }

  /** Set once the process has exited; undefined while it runs. */
  exitCode: number | null | undefined;

  get log(): string {
    return this.output;
  }

  /** Sends SIGKILL, as a crash or an out-of-memory kill would: nothing gets to finish. */
  async kill(): Promise<void> {
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }

  /** Sends SIGTERM, as App Service or Ctrl+C would, and waits for a clean exit. */
  async stop(): Promise<number | null> {
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const [code] = await exited;
    return code as number | null;
  }
}
