/**
 * What the retention sweep and coordinators recorded on a signal. It lives on the signal itself
 * so the warning, a hold and the anonymisation are each one ETag-guarded change of one document.
 */
export interface SignalRetention {
  /** The warning went out (committed to the outbox) at this instant, for this end of term. */
  warnedAt?: string;
  warnedFor?: string;
  /** A legal hold: nothing is anonymised while it is in place. */
  hold?: { reason: string; by: string; at: string };
  /** The personal data was removed at this instant; companions (link, outbox) cleaned up after. */
  anonymisedAt?: string;
  cleanupDoneAt?: string;
  /** The sweep's note to itself; see RetentionReview. */
  review?: RetentionReview;
}

/**
 * The sweep looked at the signal under these terms and has nothing to do for it before `after`:
 * no warning, no anonymisation. So the daily pass reads only the signals whose next step is due,
 * whose terms changed, or that changed themselves, not every closed signal every day. Every change
 * to a signal other than the sweep's own drops the review (SignalRepository.saveChange), so the
 * next pass looks again: a reopened and closed signal, a lifted hold, a new category.
 */
export interface RetentionReview {
  /** An instant (ISO) at which the sweep must look again; FOREVER while a legal hold is in place. */
  after: string;
  /** The tenant's terms the review was made under (retentionTermsKey). */
  terms: string;
}

/** A review that waits for a change to the signal, not for a date: a legal hold has no end date. */
export const FOREVER = '9999-12-31T23:59:59.999Z';

/** The signal as a change other than the sweep's stores it: without the sweep's review. */
export function withoutRetentionReview<T extends { retention?: SignalRetention }>(signal: T): T {
  if (!signal.retention?.review) return signal;
  const { review, ...retention } = signal.retention;
  return { ...signal, retention };
}
