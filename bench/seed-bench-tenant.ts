import type { CosmosStore } from '../bot/storage/cosmos-store';
import { TENANT, TestBot } from '../test/helpers/test-bot';
import { buildHistory, type History, writeHistory } from './seed-history';

export const BENCH_COORDINATOR = 'Bench Coordinator';
export const BENCH_REPORTER = 'Bench Reporter';

export interface BenchTenant {
  history: History;
  coordinatorId: string;
  reporterId: string;
}

/**
 * The bench's tenant: its coordinator and reporter (with the ids `TestBot` gives those names, so the
 * bench's people are the history's people) and `signals` of history written to the store. The
 * reporter shares the history with `otherReporters` colleagues (none: every signal is theirs).
 */
export async function seedBenchTenant(
  store: CosmosStore,
  shape: { signals: number; now: string; otherReporters?: number },
): Promise<BenchTenant> {
  const probe = await TestBot.start({ store, now: shape.now });
  const coordinatorId = probe.user(BENCH_COORDINATOR).aadObjectId;
  const reporterId = probe.user(BENCH_REPORTER).aadObjectId;
  await probe.stop();
  const others = shape.otherReporters ?? 99;
  const history = buildHistory({
    tenantId: TENANT,
    signals: shape.signals,
    open: 50,
    coordinatorId,
    reporterIds: [
      reporterId,
      ...Array.from({ length: others }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
    ],
    now: new Date(shape.now),
  });
  await writeHistory(store, history);
  return { history, coordinatorId, reporterId };
}
