import { z } from 'zod';
import { InvalidInputError } from '../errors';
import { calendarDate, fieldErrorsOf, withoutBlanks } from '../form-input';
import { CASE_OUTCOMES, CASE_PARTNERS, type CaseOutcome, type CasePartner } from './case';

/** What a coordinator can change on a case card. */
export const CASE_ACTIONS = ['add-decision', 'add-partner', 'close'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type CaseCommand =
  | { kind: 'add-decision'; on: string; text: string }
  | { kind: 'add-partner'; partner: CasePartner }
  | { kind: 'close'; outcome: CaseOutcome };

export const TITLE_MIN = 3;
export const TITLE_MAX = 120;

const title = z
  .string({ error: 'cases.error.title' })
  .trim()
  .min(TITLE_MIN, 'cases.error.title')
  .max(TITLE_MAX, 'cases.error.title');

const SCHEMAS = {
  'add-decision': z.object({
    on: calendarDate('cases.error.decisionDate'),
    text: z
      .string({ error: 'cases.error.decisionText' })
      .trim()
      .min(2, 'cases.error.decisionText')
      .max(2000, 'cases.error.decisionText'),
  }),
  'add-partner': z.object({
    partner: z.enum(CASE_PARTNERS as [CasePartner, ...CasePartner[]], { error: 'cases.error.partner' }),
  }),
  close: z.object({ outcome: z.enum(CASE_OUTCOMES, { error: 'cases.error.outcome' }) }),
} as const;

/** A case title as typed after `casus nieuw`; InvalidInputError with the key for `title` otherwise. */
export function parseCaseTitle(text: string | undefined): string {
  const parsed = title.safeParse(withoutBlanks({ title: text ?? '' }).title);
  if (!parsed.success) throw new InvalidInputError({ title: 'cases.error.title' });
  return parsed.data;
}

/** Card values for one case action, as a command; InvalidInputError with a message key per field. */
export function parseCaseAction(action: CaseAction, values: Record<string, unknown>): CaseCommand {
  const parsed = SCHEMAS[action].safeParse(withoutBlanks(values));
  if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error.issues));
  return { kind: action, ...parsed.data } as CaseCommand;
}
