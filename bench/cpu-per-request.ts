/**
 * `npx tsx bench/cpu-per-request.ts`: the CPU one store request costs the bot's process through
 * @azure/cosmos, with the embedded store in a process of its own (as Azure is in production), so
 * only the client's side is counted: a point read, a tenant's query of one and of 50 documents,
 * a query across tenants, an upsert, and a bare HTTPS GET through the same agent (the floor: Node's
 * HTTP and TLS without the SDK). `process.cpuUsage()` around each kind, interleaved in rounds.
 * `BENCH_REQUESTS` (default 2000) per kind; `BENCH_REQUEST_PROFILE=dir` also writes a V8 profile
 * of the point reads and the tenant queries there and prints their top functions (self and total).
 * `BENCH_REQUEST_ASYNC_HOOKS=1` runs one AsyncLocalStorage first, which in Node 20 turns on async
 * hooks for every later promise (what the outbox's AsyncLocalStorage did to the bot until it went).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container } from '@azure/cosmos';
import { connectCosmosStore } from '../bot/storage/cosmos-store';
import { firstLine, stop } from './child-processes';
import { print } from './table';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const ROUNDS = 5;
const PROFILE_DIR = process.env.BENCH_REQUEST_PROFILE;
const TENANT = 'cpu-tenant';
const ASYNC_HOOKS = process.env.BENCH_REQUEST_ASYNC_HOOKS === '1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function bareGet(agent: Agent, url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: 'GET' }, (res) => {
      res.resume();
      res.once('end', resolve);
    });
    req.once('error', reject);
    req.end();
  });
}

function kinds(container: Container, agent: Agent, endpoint: string): Record<string, () => Promise<unknown>> {
  const byId = {
    query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "probe" AND c.id = @id',
    parameters: [
      { name: '@tenantId', value: TENANT },
      { name: '@id', value: 'p1' },
    ],
  };
  const all = {
    query: 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "probe"',
    parameters: [{ name: '@tenantId', value: TENANT }],
  };
  const bare = new URL(`${endpoint}/dbs/cpu-per-request/colls/tenantData/docs/p1`);
  return {
    'bare HTTPS GET (no SDK)': () => bareGet(agent, bare),
    'point read': () => container.item('p1', TENANT).read(),
    "tenant's query, 1 document": () => container.items.query(byId, { partitionKey: TENANT }).fetchAll(),
    "tenant's query, 50 documents": () => container.items.query(all, { partitionKey: TENANT }).fetchAll(),
    'query across tenants, 1 document': () => container.items.query(byId).fetchAll(),
    upsert: () => container.items.upsert({ id: 'u1', tenantId: TENANT, type: 'scratch', at: Date.now() }),
  };
}

function frameName(frame: ProfileNode['callFrame']): string {
  const where = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(bot|bench)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
}

/** Self and total (inclusive) time per function, µs per request, top entries. */
function summarise(profile: Profile, requests: number): { self: string[]; total: string[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    const node = byId.get(samples[i] as number) as ProfileNode;
    if (node.callFrame.functionName === '(idle)' || node.callFrame.url === 'node:inspector') continue;
    const us = deltas[i + 1] ?? 0;
    self.set(frameName(node.callFrame), (self.get(frameName(node.callFrame)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = node.id; at !== undefined; at = parent.get(at)) {
      const name = frameName((byId.get(at) as ProfileNode).callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  }
  const top = (entries: Map<string, number>, count: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, us]) => `${(us / requests).toFixed(1).padStart(7)} µs  ${name}`);
  return { self: top(self, 30), total: top(total, 60) };
}

async function main(): Promise<void> {
  if (ASYNC_HOOKS) await new AsyncLocalStorage<true>().run(true, async () => undefined);
  const scratch = mkdtempSync(join(tmpdir(), 'cpu-per-request-'));
  const certificateFile = join(scratch, 'store.pem');
  const storeProcess = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', 'bench/store-process.ts', certificateFile],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const { endpoint } = JSON.parse(await firstLine(storeProcess, /^\{/)) as { endpoint: string };
    const agent = new Agent({ ca: readFileSync(certificateFile, 'utf8'), keepAlive: true });
    const store = connectCosmosStore({ endpoint, key: 'bench-key', agent }, 'cpu-per-request');
    await store.prepare();
    const container = store.container('tenantData');
    for (let n = 1; n <= 50; n += 1)
      await container.items.upsert({
        id: `p${n}`,
        tenantId: TENANT,
        type: 'probe',
        n,
        text: 'x'.repeat(200),
      });
    const operations = kinds(container, agent, endpoint);
    for (const operation of Object.values(operations)) for (let i = 0; i < 200; i += 1) await operation();

    const cpu = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, operation] of Object.entries(operations)) {
        const start = process.cpuUsage();
        for (let i = 0; i < REQUESTS / ROUNDS; i += 1) await operation();
        const used = process.cpuUsage(start);
        cpu.set(name, (cpu.get(name) ?? 0) + used.user + used.system);
      }
    }
    print(
      `CPU of the bot's process per request (µs), ${REQUESTS} each, store in another process` +
        `${ASYNC_HOOKS ? ', async hooks on' : ''}, node ${process.version}:`,
    );
    for (const [name, us] of cpu) print(`${(us / REQUESTS).toFixed(0).padStart(6)}  ${name}`);

    if (PROFILE_DIR) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      for (const name of ['point read', "tenant's query, 1 document"]) {
        const operation = operations[name] as () => Promise<unknown>;
        await session.post('Profiler.start');
        for (let i = 0; i < REQUESTS; i += 1) await operation();
        const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
        const file = join(PROFILE_DIR, `${name.replace(/\W+/g, '-')}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        const { self, total } = summarise(profile, REQUESTS);
        print(`\n${name}: self time per request, top functions (${file})\n${self.join('\n')}`);
        print(`\n${name}: total (inclusive) time per request\n${total.join('\n')}`);
      }
      session.disconnect();
    }
    store.client.dispose();
    agent.destroy();
  } finally {
    await stop(storeProcess);
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
