import { NotAllowedError } from '../errors';
import type { ClosureReason, Partner, Signal, SignalAction, SignalStatus } from './signal';

/** Everything that can happen to a signal after it was reported. */
export type SignalCommand =
  | { kind: 'pick-up' }
  | { kind: 'assign'; to: string }
  | { kind: 'note'; note: string }
  | { kind: 'ask-reporter'; question: string; questionId: string; answerTokenHash: string }
  | { kind: 'answer'; answer: string }
  | { kind: 'forward'; partner: Partner; on: string; note?: string }
  /** Links the signal to an open case; the case's existence is checked against the store first. */
  | { kind: 'link-case'; caseReference: string }
  | { kind: 'unlink-case' }
  | {
      kind: 'close';
      reason: ClosureReason;
      note?: string;
      mergedInto?: string;
      needsSecondCoordinator: boolean;
    }
  /** `fourEyes`: the tenant's setting now; when it is off, the requester may finish their own request. */
  | { kind: 'approve-closure'; fourEyes: boolean }
  | { kind: 'reject-closure' }
  /** The requester (or any coordinator) takes a pending closure back; the signal stays open. */
  | { kind: 'withdraw-closure' };

const OPEN: SignalStatus[] = ['new', 'in-progress', 'awaiting-reporter', 'forwarded', 'case'];
const WORKED_ON: SignalStatus[] = ['in-progress', 'awaiting-reporter', 'forwarded', 'case'];

/** From which statuses each command may start: the state machine, as a table. */
export const ALLOWED_FROM: Record<SignalCommand['kind'], SignalStatus[]> = {
  'pick-up': ['new'],
  assign: OPEN,
  note: OPEN,
  'ask-reporter': WORKED_ON,
  answer: ['awaiting-reporter'],
  forward: ['in-progress', 'awaiting-reporter', 'case'],
  // From `case` too: a signal moves to another case, and a signal linked by an old free-text case
  // name (before cases were documents) can be linked to a real case.
  'link-case': ['in-progress', 'awaiting-reporter', 'forwarded', 'case'],
  // A linked signal can be worked on further (forwarded, a question asked) and still be in its case.
  'unlink-case': OPEN,
  close: OPEN,
  'approve-closure': OPEN,
  'reject-closure': OPEN,
  'withdraw-closure': OPEN,
};

/** What the reporter is told about, if anything. */
export type ReporterNews = 'picked-up' | 'question' | 'forwarded' | 'case' | 'closed';

export interface Transition {
  signal: Signal;
  reporterNews?: ReporterNews;
}

/**
 * Applies a command: returns the next version of the signal with a history entry saying who did
 * what, or throws NotAllowedError when the command does not fit the signal's state.
 */
export function applyCommand(signal: Signal, command: SignalCommand, by: string, now: Date): Transition {
  if (!ALLOWED_FROM[command.kind].includes(signal.status))
    throw new NotAllowedError('signal.error.transition');
  const pending = signal.pendingClosure;
  if (pending && !['approve-closure', 'reject-closure', 'withdraw-closure', 'note'].includes(command.kind)) {
    throw new NotAllowedError('signal.error.closurePending');
  }
  const at = now.toISOString();
  const next: Signal = { ...signal, revision: signal.revision + 1, history: [...signal.history] };
  const record = (action: SignalAction, note?: string) =>
    next.history.push({ at, action, status: next.status, by, ...(note ? { note } : {}) });

  switch (command.kind) {
    case 'pick-up':
      next.status = 'in-progress';
      next.assigneeAadObjectId = by;
      record('picked-up');
      return { signal: next, reporterNews: 'picked-up' };
    case 'assign':
      next.assigneeAadObjectId = command.to;
      if (next.status === 'new') next.status = 'in-progress';
      record('assigned', command.to);
      return { signal: next, reporterNews: signal.status === 'new' ? 'picked-up' : undefined };
    case 'note':
      record('note', command.note);
      return { signal: next };
    case 'ask-reporter':
      next.status = 'awaiting-reporter';
      next.pendingQuestion = {
        id: command.questionId,
        question: command.question,
        askedAt: at,
        answerTokenHash: command.answerTokenHash,
      };
      record('question-asked', command.question);
      return { signal: next, reporterNews: 'question' };
    case 'answer':
      next.status = 'in-progress';
      next.pendingQuestion = undefined;
      record('question-answered', command.answer);
      return { signal: next };
    case 'forward':
      next.status = 'forwarded';
      next.forwarded = {
        partner: command.partner,
        on: command.on,
        ...(command.note ? { note: command.note } : {}),
      };
      record('forwarded', [command.partner, command.on, command.note].filter(Boolean).join(' · '));
      return { signal: next, reporterNews: 'forwarded' };
    case 'link-case': {
      if (signal.caseReference === command.caseReference)
        throw new NotAllowedError('signal.error.alreadyInCase');
      next.status = 'case';
      next.caseReference = command.caseReference;
      record('linked-to-case', command.caseReference);
      // The reporter hears once that their signal is worked on in a case, not again on a move.
      return signal.status === 'case' ? { signal: next } : { signal: next, reporterNews: 'case' };
    }
    case 'unlink-case':
      if (!signal.caseReference) throw new NotAllowedError('signal.error.notInCase');
      // Back to being worked on: the case meeting no longer carries it, the coordinator does.
      if (signal.status === 'case') next.status = 'in-progress';
      record('unlinked-from-case', signal.caseReference);
      next.caseReference = undefined;
      return { signal: next };
    case 'close': {
      const closure = { reason: command.reason, note: command.note, mergedInto: command.mergedInto };
      if (command.needsSecondCoordinator) {
        next.pendingClosure = { ...closure, requestedBy: by, requestedAt: at };
        record('closure-requested', [command.reason, command.note].filter(Boolean).join(' · '));
        return { signal: next };
      }
      return close(next, closure, record);
    }
    case 'approve-closure':
      if (!pending) throw new NotAllowedError('signal.error.noClosurePending');
      if (command.fourEyes && pending.requestedBy === by) throw new NotAllowedError('signal.error.fourEyes');
      next.pendingClosure = undefined;
      return close(
        next,
        { reason: pending.reason, note: pending.note, mergedInto: pending.mergedInto },
        record,
      );
    case 'reject-closure':
      if (!pending) throw new NotAllowedError('signal.error.noClosurePending');
      next.pendingClosure = undefined;
      record('closure-rejected');
      return { signal: next };
    case 'withdraw-closure':
      if (!pending) throw new NotAllowedError('signal.error.noClosurePending');
      next.pendingClosure = undefined;
      record('closure-withdrawn');
      return { signal: next };
  }
}

function close(
  next: Signal,
  closure: NonNullable<Signal['closure']>,
  record: (action: SignalAction, note?: string) => void,
): Transition {
  next.status = 'closed';
  next.closure = JSON.parse(JSON.stringify(closure));
  next.pendingQuestion = undefined;
  next.feedbackDueOn = undefined;
  record('closed', [closure.reason, closure.mergedInto, closure.note].filter(Boolean).join(' · '));
  return { signal: next, reporterNews: 'closed' };
}
