import { median } from './stats';
import type { StoreRequestCounter, StoreWindow } from './store-requests';

export interface DashboardLoad {
  ms: number;
  store: StoreWindow;
}

/**
 * The dashboard API as the tab page calls it (local mode, no token): the first look of the day,
 * which counts the tenant's signals, then the next looks, which read the tenant's snapshot.
 */
export async function measureDashboard(
  baseUrl: string,
  counter: StoreRequestCounter,
  looks: number,
): Promise<{ first: DashboardLoad; next: DashboardLoad }> {
  const look = async (): Promise<DashboardLoad> => {
    counter.restart();
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/tab/dashboard`);
    if (response.status !== 200) throw new Error(`dashboard answered ${response.status}`);
    await response.arrayBuffer();
    return { ms: performance.now() - started, store: counter.restart() };
  };
  const first = await look();
  const next: DashboardLoad[] = [];
  for (let i = 0; i < looks; i += 1) next.push(await look());
  return {
    first,
    next: { ms: median(next.map((load) => load.ms)), store: next[next.length - 1]?.store ?? first.store },
  };
}
