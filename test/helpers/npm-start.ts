import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_BUNDLE_ENV } from './test-bundle';

/** Ports handed out in this run: two calls never give the same one. */
const handedOut = new Set<number>();

/**
 * A free TCP port on loopback for a process the test starts, chosen below the system's ephemeral
 * range. A port the OS picked (listen on 0) and released can be picked again for the next listen
 * on 0 before the started process binds it: the embedded store's thread listens on 0 while the
 * bot starts, and once took the bot's port that way (EADDRINUSE).
 */
export async function freePort(): Promise<number> {
  const ephemeralFrom = await ephemeralRangeStart();
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 10_000 + Math.floor(Math.random() * (ephemeralFrom - 10_000));
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no free port below the ephemeral range');
}

async function ephemeralRangeStart(): Promise<number> {
  try {
    const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    const start = Number(range.trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > 20_000 ? start : 32_768;
  } catch {
    return 32_768; // Linux's default; other systems start higher
  }
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  try {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** True when something accepts connections on the port (on IPv4 or IPv6 loopback). */
export async function isListening(port: number): Promise<boolean> {
  for (const host of ['127.0.0.1', '::1']) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, host);
    });
    if (open) return true;
  }
  return false;
}

/**
 * `npm start` as a person runs it: npm, its shell, scripts/start-local.mjs, the bot and the Agents
 * Playground. It runs in its own process group, so a test can always clean up everything it started,
 * also when an assertion failed half-way.
 */
export class NpmStart {
  private constructor(
    private readonly child: ChildProcess,
    private readonly output: { text: string },
  ) {}

  /** Where the Playground serves its web page; known once `npm start` printed it. */
  playgroundUrl = '';

  /** Starts it and waits for its "ready" line, which it prints once the bot answers and the Playground listens. */
  static async start(env: Record<string, string>, timeoutMs = 60_000): Promise<NpmStart> {
    const inherited = { ...process.env };
    // The defaults of `npm start` are what is tested: nothing from the caller's shell decides them.
    for (const name of [
      'COORDINATOR_AAD_IDS',
      'ADMIN_AAD_IDS',
      'LOG_FORMAT',
      'MICROSOFT_APP_ID',
      'COSMOS_ENDPOINT',
    ]) {
      delete inherited[name];
    }
    const child = spawn('npm', ['start'], {
      // The bot's bundle goes to the test run's own folder, never the developer's `.local-bot`.
      env: { ...inherited, ...TEST_BUNDLE_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output = { text: '' };
    const collect = (chunk: Buffer) => {
      output.text += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const started = new NpmStart(child, output);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const playground = /Open (http:\/\/localhost:\d+)/.exec(output.text)?.[1];
      if (playground) {
        started.playgroundUrl = playground;
        return started;
      }
      if (child.exitCode !== null) {
        await started.kill();
        throw new Error(`npm start exited with ${child.exitCode}:\n${output.text}`);
      }
      await sleep(100);
    }
    await started.kill();
    throw new Error(`npm start was not ready within ${timeoutMs} ms:\n${output.text}`);
  }

  get log(): string {
    return this.output.text;
  }

  /** The pid of npm itself: the process a person (or a service manager) signals. */
  get pid(): number {
    return this.child.pid as number;
  }

  /** Every process still alive that `npm start` started (its process group). */
  processes(): string[] {
    const table = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,args='], { encoding: 'utf8' });
    return table
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.split(/\s+/)[1] === String(this.pid));
  }

  /** Waits until every process of the group is gone; false after the timeout. */
  async allGone(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.processes().length === 0) return true;
      await sleep(100);
    }
    return this.processes().length === 0;
  }

  /** Cleanup for tests: SIGKILL to the whole group, whatever state it is in. */
  async kill(): Promise<void> {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // Already gone: nothing to clean up.
    }
    await this.allGone(5_000);
  }
}
