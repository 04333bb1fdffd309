import { cpuMs, residentMegabytes } from './local-startup';
import type { ProductionProcess } from './production-process';

export interface ProductionFigures {
  startupMs: number;
  residentMb: number;
  idleCpuShare: number;
}

/**
 * The production build's process (bench/production-process.ts) just after it started, before any
 * turn: resident memory and CPU while idle. Measures the bot's process only, not the store's.
 */
export async function measureProductionMemory(
  production: ProductionProcess,
  idleMs: number,
): Promise<ProductionFigures> {
  const { pid, startupMs } = production;
  // As for local mode: let start-up work settle (first passes) before measuring idle cost.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const cpuBefore = await cpuMs(pid);
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const cpuAfter = await cpuMs(pid);
  const residentMb = await residentMegabytes(pid);
  return { startupMs, residentMb, idleCpuShare: (cpuAfter - cpuBefore) / idleMs };
}
