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
}
