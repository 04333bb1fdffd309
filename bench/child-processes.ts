import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { EchoBot } from './echo-bot';

/** The echo bot in a process of its own: its address, and its process for the CPU it uses. */
export interface EchoProcess extends EchoBot {
  pid: number;
}

const ECHO_BUILT = join('dist', 'bench', 'echo-process.js');

/**
 * Starts bench/echo-process.ts as plain `node` on JavaScript compiled by esbuild (one file per
 * source, packages required from node_modules), as the production build runs tsc's output: no
 * TypeScript loader in either process.
 */
export async function startEchoProcess(): Promise<EchoProcess> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: ['bench/echo-process.ts', 'bench/echo-bot.ts'],
    outdir: join('dist', 'bench'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  const child = spawn(process.execPath, [ECHO_BUILT], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const { url } = JSON.parse(await firstLine(child, /^\{/)) as { url: string };
    return { url, pid: child.pid as number, close: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** Resolves with the first line that matches; rejects if the child exits first. Drains the rest. */
export function firstLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within 5 minutes:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => pattern.test(candidate));
      if (line === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.stdout?.resume();
      child.stderr?.resume();
      resolve(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

/** SIGTERM, and wait until the child has exited. */
export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
