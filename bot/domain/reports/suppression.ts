/**
 * A count as published. `value` is undefined when the count is withheld: small enough to point
 * at someone ("small", shown as "< threshold"), or a total that would give a small one back
 * ("revealing"). A withheld number is not in the published report at all.
 */
export interface PublishedCount {
  value?: number;
  withheld?: 'small' | 'revealing';
}

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

/** Counts from 1 to threshold-1 are withheld; 0 says nothing about anyone and is shown. */
export function publish(count: number, threshold: number): PublishedCount {
  return count > 0 && count < threshold ? { withheld: 'small' } : { value: count };
}

/**
 * A group of cells and their total. When any cell is withheld, so is the total: with the other
 * cells shown, the total minus them would give the withheld number back.
 */
export function publishGroup(
  counts: number[],
  threshold: number,
): { cells: PublishedCount[]; total: PublishedCount } {
  const cells = counts.map((count) => publish(count, threshold));
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (cells.some((cell) => cell.value === undefined)) return { cells, total: { withheld: 'revealing' } };
  return { cells, total: publish(total, threshold) };
}

/** The change between two published counts, only when both are shown (else it would reveal one). */
export function publishedChange(now: PublishedCount, before: PublishedCount): number | undefined {
  if (now.value === undefined || before.value === undefined) return undefined;
  return now.value - before.value;
}
