import type { Actor } from '../actor';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';
import { hashToken, type SignalWorkDeps } from './act-on-signal';
import type { Signal } from './signal';
import { applyCommand } from './signal-lifecycle';
import { colleagueNotice, followersOf } from './signal-messages';

export interface AnswerRequest {
  signalId: unknown;
  questionId: unknown;
  answerToken: unknown;
  answer: unknown;
}

/**
 * The reporter answers a coordinator's question from the card that brought it. Possession of the
 * card's token is the authorisation, so it works for anonymous reports too, and nothing about who
 * answered is recorded: the history says "reporter" or "anonymous".
 */
export async function answerQuestion(
  deps: SignalWorkDeps,
  actor: Actor,
  request: AnswerRequest,
): Promise<Signal> {
  const answer = typeof request.answer === 'string' ? request.answer.trim() : '';
  if (answer.length < 2 || answer.length > 2000)
    throw new InvalidInputError({ answer: 'answer.error.length' });
  if (typeof request.signalId !== 'string' || typeof request.answerToken !== 'string')
    throw new NotFoundError('question');
  const signal = await deps.signals.findById(actor.tenantId, request.signalId);
  const pending = signal?.pendingQuestion;
  if (
    !signal ||
    !pending ||
    pending.id !== request.questionId ||
    pending.answerTokenHash !== hashToken(request.answerToken)
  ) {
    throw new NotFoundError('question');
  }
  const { _etag, ...current } = signal;
  const now = deps.clock.now();
  const { signal: next } = applyCommand(
    current,
    { kind: 'answer', answer },
    signal.anonymous ? 'anonymous' : 'reporter',
    now,
  );
  const recipients = await followersOf(signal, deps.roles);
  const notices = colleagueNotice(next, 'reporter-answered', recipients, now);
  if (!(await deps.signals.saveChange(next, _etag, notices))) throw new ConflictError('signal');
  await deps.audit.record({
    tenantId: actor.tenantId,
    // As for the report itself: the audit never links a reporter to their signal.
    actor: signal.anonymous ? 'anonymous' : 'reporter',
    action: 'signal.question-answered',
    subjectId: signal.id,
    at: now.toISOString(),
  });
  return next;
}
