import { z } from 'zod';
import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { InvalidInputError } from '../errors';
import { fieldErrorsOf, isRealIsoDate, typedDate, withoutBlanks } from '../form-input';
import { CATEGORY_IDS } from './categories';
import type { SignalDraft } from './signal';

export const SIGNAL_LIMITS = {
  locationMin: 2,
  locationMax: 200,
  descriptionMin: 20,
  descriptionMax: 4000,
  involvedMax: 1000,
} as const;

/** The raw values a card sends back: everything is an untrusted string, or missing. */
export type SignalFormValues = Record<string, unknown>;

const text = (min: number, max: number, requiredKey: string, tooShortKey: string, tooLongKey: string) =>
  z
    .string({ error: requiredKey })
    .transform((value) => value.trim())
    .pipe(z.string().min(1, requiredKey).min(min, tooShortKey).max(max, tooLongKey));

const booleanFlag = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .optional()
  .transform((value) => value === true || value === 'true');

function formSchema(today: string) {
  return z.object({
    category: z.enum(CATEGORY_IDS, { error: 'form.error.category' }),
    location: text(
      SIGNAL_LIMITS.locationMin,
      SIGNAL_LIMITS.locationMax,
      'form.error.locationRequired',
      'form.error.locationTooShort',
      'form.error.locationTooLong',
    ),
    description: text(
      SIGNAL_LIMITS.descriptionMin,
      SIGNAL_LIMITS.descriptionMax,
      'form.error.descriptionRequired',
      'form.error.descriptionTooShort',
      'form.error.descriptionTooLong',
    ),
    observedOn: z
      .string({ error: 'form.error.observedOnRequired' })
      .trim()
      .min(1, 'form.error.observedOnRequired')
      .transform((value) => typedDate(value) ?? value)
      .refine(isRealIsoDate, 'form.error.observedOnInvalid')
      .refine((value) => value <= today, 'form.error.observedOnFuture'),
    involved: z
      .string({ error: 'form.error.involvedTooLong' })
      .optional()
      .transform((value) => value?.trim() || undefined)
      .pipe(z.string().max(SIGNAL_LIMITS.involvedMax, 'form.error.involvedTooLong').optional()),
    urgency: z.enum(['normal', 'urgent'], { error: 'form.error.urgency' }),
    anonymous: booleanFlag,
  });
}

/**
 * Validates a submitted report form. Returns a clean draft, or throws InvalidInputError with a
 * message key per field that is wrong, so the form can come back with every problem at once.
 */
export function parseSignalForm(values: SignalFormValues, clock: Clock): SignalDraft {
  const today = dateInZone(clock.now(), MUNICIPAL_TIME_ZONE);
  const emptyToUndefined = withoutBlanks(values);
  const parsed = formSchema(today).safeParse(emptyToUndefined);
  if (parsed.success) return parsed.data;
  throw new InvalidInputError(fieldErrorsOf(parsed.error.issues));
}
