/**
 * `npx tsx bench/cpu-per-delivery.ts`: the CPU one outbox delivery costs this process (dispatcher,
 * botbuilder's proactive send, the embedded store and the capture connector together), and the
 * store requests of one pass. Two shapes: one notice per pass (what a report sets off) and ten
 * people's notices per pass (a small fan-out). Not a test; CPU time, so a shared machine's load
 * matters less than for wall-clock times (say the load next to the figures all the same).
 * `BENCH_DELIVERY_ROUNDS` (default 150) passes per shape; `BENCH_DELIVERY_PROFILE=dir` also
 * writes a V8 CPU profile of each shape (.cpuprofile, opens in Chrome's DevTools).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:https';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { signalNoticeEntry } from '../test/helpers/outbox-entries';
import { TENANT, TestBot, type TestUser } from '../test/helpers/test-bot';
import { StoreRequestCounter } from './store-requests';
import { print } from './table';

const ROUNDS = Number(process.env.BENCH_DELIVERY_ROUNDS ?? 150);
const PROFILE = process.env.BENCH_DELIVERY_PROFILE;

let sequence = 0;

/** A new-signal notice for each of these people, as a report writes them. */
async function enqueueNotices(bot: TestBot, people: TestUser[]): Promise<void> {
  const now = bot.clock.now();
  await bot.app.services.outbox.enqueue(
    people.map((person) => {
      sequence += 1;
      return signalNoticeEntry(TENANT, sequence, person.aadObjectId, now);
    }),
  );
}

async function measure(perPass: number, session: Session): Promise<void> {
  const cosmos = await startLocalCosmosServer();
  const store = await openCosmosStore(
    { endpoint: cosmos.endpoint, key: 'bench-key', agent: cosmos.agent },
    `delivery${perPass}`,
  );
  const counter = new StoreRequestCounter(cosmos.agent as Agent);
  const bot = await TestBot.start({ store });
  try {
    const people = Array.from({ length: perPass }, (_, index) => bot.user(`Persoon ${index + 1}`));
    for (const person of people) await person.says('help');
    // One pass with its messages; past the pacing of each conversation before the next.
    const pass = async () => {
      await enqueueNotices(bot, people);
      await bot.deliverOutbox();
      bot.clock.advance(2_000);
    };
    for (let i = 0; i < 10; i += 1) await pass();
    await enqueueNotices(bot, people);
    counter.restart();
    await bot.deliverOutbox();
    const requests = counter.restart();
    bot.clock.advance(2_000);
    let micros = 0;
    for (let i = 0; i < ROUNDS; i += 1) {
      await enqueueNotices(bot, people);
      const before = process.cpuUsage();
      await bot.deliverOutbox();
      const used = process.cpuUsage(before);
      micros += used.user + used.system;
      bot.clock.advance(2_000);
    }
    print(
      [
        `\n${perPass} message(s) per pass: ${(micros / 1000 / ROUNDS / perPass).toFixed(2)} ms of CPU per delivered message (${ROUNDS} passes)`,
        `store requests of one pass (the test helper's drain ends with an empty pass; the loop asks nextDueAt instead): ${requests.requests}, ${requests.sequential} one after the other`,
        ...requests.log.map((line) => `  ${line}`),
      ].join('\n'),
    );
    if (PROFILE) {
      await session.post('Profiler.start');
      for (let i = 0; i < ROUNDS; i += 1) await pass();
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(PROFILE, { recursive: true });
      writeFileSync(join(PROFILE, `delivery-${perPass}-per-pass.cpuprofile`), JSON.stringify(profile));
    }
  } finally {
    await bot.stop();
    await cosmos.close();
  }
}

async function main(): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  try {
    await measure(1, session);
    await measure(10, session);
  } finally {
    session.disconnect();
  }
  print(`\nnode ${process.version}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
