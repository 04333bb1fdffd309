import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** The bot started as `npm run start:bot` starts it: its own process, local store, real signals. */
export class BotProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<BotProcess> {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'bot/index.ts'], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A bot that never got ready must not outlive the test: it would keep mocha (and npm test) running.
        child.kill('SIGKILL');
        reject(new Error(`bot did not start:\n${output}`));
      }, 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const port = /"port":(\d+)/.exec(output)?.[1];
        const listening = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
        if (listening && port) {
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
    child.stdout?.on('data', (chunk: Buffer) => {
      bot.output += chunk.toString();
    });
    return bot;
  }

  get log(): string {
    return this.output;
  }

  /** Sends SIGTERM, as App Service or Ctrl+C would, and waits for a clean exit. */
  async stop(): Promise<number | null> {
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const [code] = await exited;
    return code as number | null;
  }
}
