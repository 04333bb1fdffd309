/**
 * Benchmark: the cost of reporting a signal (form + validated submit + numbered batch write) and of
 * `mijn meldingen`, each as a ratio to a baseline turn (`help`) measured in the same run, against
 * the real server and the embedded store. Ratios, not milliseconds, so machines can be compared.
 */
import { performance } from 'node:perf_hooks';
import { validReport } from '../test/helpers/report-fixtures';
import { stopSharedCosmosServer } from '../test/helpers/shared-cosmos';
import { TestBot } from '../test/helpers/test-bot';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);

async function timeEach(
  label: string,
  rounds: number,
  action: (i: number) => Promise<unknown>,
): Promise<number> {
  for (let i = 0; i < 5; i += 1) await action(-1 - i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    await action(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? 0;
  const p90 = samples[Math.floor(samples.length * 0.9)] ?? 0;
  console.error(`${label.padEnd(34)} median ${median.toFixed(1)} ms   p90 ${p90.toFixed(1)} ms`);
  return median;
}

async function main(): Promise<void> {
  const bot = await TestBot.start();
  const alex = bot.user('Bench Alex');
  await alex.says('help');
  const baseline = await timeEach('baseline: help turn', ROUNDS, () => alex.says('help'));
  const report = await timeEach('report: form + submit', ROUNDS, async () => {
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
  });
  const list = await timeEach('mijn meldingen (after reports)', ROUNDS, () => alex.says('mijn meldingen'));
  const burst = await timeEach('10 concurrent submits', Math.max(3, Math.floor(ROUNDS / 10)), async () => {
    const people = Array.from({ length: 10 }, (_, i) => bot.user(`Burst ${i}`));
    for (const person of people) await person.says('meld');
    await Promise.all(people.map((person) => person.submits(person.lastCard(), validReport)));
  });
  console.error('\nratio to baseline (lower is better)');
  console.error(`  report          ${(report / baseline).toFixed(2)}x`);
  console.error(`  mijn meldingen  ${(list / baseline).toFixed(2)}x`);
  console.error(`  10 concurrent   ${(burst / baseline).toFixed(2)}x`);
  await bot.stop();
  await stopSharedCosmosServer();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
