import { z } from 'zod';
import { normaliseCaseReference } from '../cases/case';
import { InvalidInputError } from '../errors';
import { calendarDate, fieldErrorsOf, withoutBlanks } from '../form-input';
import { CLOSURE_REASONS, PARTNERS } from './signal';
import type { SignalCommand } from './signal-lifecycle';

/** The coordinator actions a card can ask for (the reporter's answer has its own path). */
export const COORDINATOR_ACTIONS = [
  'pick-up',
  'assign',
  'note',
  'ask-reporter',
  'forward',
  'link-case',
  'unlink-case',
  'close',
  'approve-closure',
  'reject-closure',
  'withdraw-closure',
] as const;
export type CoordinatorAction = (typeof COORDINATOR_ACTIONS)[number];

const text = (max: number, key: string) => z.string({ error: key }).trim().min(2, key).max(max, key);
const optionalText = (max: number, key: string) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(z.string().max(max, key).optional());
const date = calendarDate('action.error.date');

const SCHEMAS = {
  'pick-up': z.object({}),
  assign: z.object({
    assignee: z.string({ error: 'action.error.assignee' }).min(1, 'action.error.assignee'),
  }),
  note: z.object({ note: text(2000, 'action.error.note') }),
  'ask-reporter': z.object({ question: text(1000, 'action.error.question') }),
  forward: z.object({
    partner: z.enum(PARTNERS, { error: 'action.error.partner' }),
    forwardedOn: date,
    note: optionalText(1000, 'action.error.note'),
  }),
  'link-case': z.object({
    caseReference: z
      .string({ error: 'action.error.caseReference' })
      .transform((value) => normaliseCaseReference(value) ?? '')
      .pipe(z.string().min(1, 'action.error.caseReference')),
  }),
  'unlink-case': z.object({}),
  close: z
    .object({
      reason: z.enum(CLOSURE_REASONS, { error: 'action.error.reason' }),
      note: optionalText(1000, 'action.error.note'),
      mergedInto: optionalText(20, 'action.error.mergedInto'),
    })
    .refine((value) => value.reason !== 'merged' || value.mergedInto, {
      path: ['mergedInto'],
      message: 'action.error.mergedInto',
    }),
  'approve-closure': z.object({}),
  'reject-closure': z.object({}),
  'withdraw-closure': z.object({}),
} as const;

/** Turns card values into a command, or InvalidInputError with a message key per field. */
export function parseCoordinatorAction(
  action: CoordinatorAction,
  values: Record<string, unknown>,
  extras: {
    questionId: string;
    answerTokenHash: string;
    needsSecondCoordinator: (reason: string) => boolean;
    /** The tenant's four-eyes setting as it is now (it may have changed since a closure was asked). */
    fourEyes: boolean;
  },
): SignalCommand {
  const cleaned = withoutBlanks(values);
  const parsed = SCHEMAS[action].safeParse(cleaned);
  if (!parsed.success) {
    throw new InvalidInputError(fieldErrorsOf(parsed.error.issues));
  }
  const v = parsed.data as Record<string, string | undefined>;
  switch (action) {
    case 'assign':
      return { kind: 'assign', to: String(v.assignee).toLowerCase() };
    case 'note':
      return { kind: 'note', note: String(v.note) };
    case 'ask-reporter':
      return {
        kind: 'ask-reporter',
        question: String(v.question),
        questionId: extras.questionId,
        answerTokenHash: extras.answerTokenHash,
      };
    case 'forward':
      return { kind: 'forward', partner: v.partner as never, on: String(v.forwardedOn), note: v.note };
    case 'link-case':
      return { kind: 'link-case', caseReference: String(v.caseReference) };
    case 'close':
      return {
        kind: 'close',
        reason: v.reason as never,
        note: v.note,
        mergedInto: v.mergedInto?.toUpperCase(),
        needsSecondCoordinator: extras.needsSecondCoordinator(String(v.reason)),
      };
    case 'approve-closure':
      return { kind: 'approve-closure', fourEyes: extras.fourEyes };
    default:
      return { kind: action };
  }
}
