import { renderReporterFeedback } from '../../../cards/coordinator-cards';
import { InvalidInputError, NotFoundError } from '../../domain/errors';
import { answerQuestion } from '../../domain/signals/answer-question';
import type { Turn } from '../turn';

/** The reporter's answer card: thanks in place, or the card back with their text and the problem. */
export async function answerReporterQuestion(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const card = (answerError?: string, answered = false) =>
    renderReporterFeedback(turn.language, {
      signalId: String(values.signalId ?? ''),
      reference: String(values.reference ?? ''),
      news: 'question',
      question: {
        questionId: String(values.questionId ?? ''),
        text: String(values.question ?? ''),
        answerToken: String(values.answerToken ?? ''),
      },
      answer: typeof values.answer === 'string' ? values.answer.trim() : '',
      answerError,
      answered,
    });
  try {
    await answerQuestion(turn.services, turn.actor, values as never);
    await turn.replaceCard(card(undefined, true));
    await turn.sendText('feedback.thanks');
  } catch (error) {
    if (error instanceof InvalidInputError)
      return turn.replaceCard(card(Object.values(error.fieldErrors)[0]));
    if (error instanceof NotFoundError) return turn.sendText('answer.error.unknown');
    throw error;
  }
}
