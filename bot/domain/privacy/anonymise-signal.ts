import type { Signal } from '../signals/signal';

/** What stands where personal data was: a reader sees that something was removed, not what. */
export const REMOVED = '[verwijderd]';

/**
 * The signal without personal data: no reporter identity or link, no free text, place, people
 * involved, notes, questions, answers or names in its history. What the figures and the council
 * report need stays: reference, category, urgency, dates, the status path, the partner, the
 * closure reason, the merge target's reference. Pure, so it is tested on its own.
 */
export function anonymiseSignal(signal: Signal, now: Date): Signal {
  const {
    reporterAadObjectId,
    reporterName,
    reporterLinkId,
    involved,
    assigneeAadObjectId,
    caseName,
    pendingClosure,
    pendingQuestion,
    ...kept
  } = signal;
  return {
    ...kept,
    location: REMOVED,
    description: REMOVED,
    ...(caseName !== undefined ? { caseName: REMOVED } : {}),
    ...(signal.forwarded
      ? { forwarded: { partner: signal.forwarded.partner, on: signal.forwarded.on } }
      : {}),
    ...(signal.closure
      ? {
          closure: {
            reason: signal.closure.reason,
            ...(signal.closure.mergedInto ? { mergedInto: signal.closure.mergedInto } : {}),
          },
        }
      : {}),
    history: signal.history.map((entry) => ({
      at: entry.at,
      ...(entry.action ? { action: entry.action } : {}),
      status: entry.status,
      // The reporter stays recognisable as a role; a colleague's id goes.
      by: entry.by === 'anonymous' || entry.by === 'reporter' ? 'reporter' : REMOVED,
    })),
    revision: signal.revision + 1,
    retention: { ...signal.retention, anonymisedAt: now.toISOString() },
  };
}
