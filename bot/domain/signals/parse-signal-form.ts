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
  organisationMin: 2,
  organisationMax: 100,
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

function formSchema(today: string, askOrganisation: boolean) {
  const organisation = text(
    SIGNAL_LIMITS.organisationMin,
    SIGNAL_LIMITS.organisationMax,
    'form.error.organisationRequired',
    'form.error.organisationRequired',
    'form.error.organisationTooLong',
  );
  return z.object({
    // Asked of partners only; anyone else's value is ignored, never stored.
    organisation: askOrganisation
      ? organisation
      : z
          .unknown()
          .optional()
          .transform(() => undefined),
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
 * Building the schema costs more CPU than a submit's whole parse (~0.4 ms), and it depends only on
 * the day and on whether the organisation is asked: one per combination, for the day. A schema
 * is never changed by parsing with it.
 */
function schemaFor(today: string, askOrganisation: boolean): ReturnType<typeof formSchema> {
  const key = `${today}|${askOrganisation}`;
  let schema = schemas.get(key);
  if (!schema) {
    // Yesterday's schemas are never asked for again.
    if (schemas.size >= 4) schemas.clear();
    schema = formSchema(today, askOrganisation);
    schemas.set(key, schema);
  }
  return schema;
}

const schemas = new Map<string, ReturnType<typeof formSchema>>();

/**
 * Validates a submitted report form. Returns a clean draft, or throws InvalidInputError with a
 * message key per field that is wrong, so the form can come back with every problem at once.
 */
export function parseSignalForm(
  values: SignalFormValues,
  clock: Clock,
  options: { askOrganisation?: boolean } = {},
): SignalDraft & { organisation?: string } {
  const today = dateInZone(clock.now(), MUNICIPAL_TIME_ZONE);
  const emptyToUndefined = withoutBlanks(values);
  const parsed = schemaFor(today, options.askOrganisation ?? false).safeParse(emptyToUndefined);
  if (parsed.success) {
    const { organisation, ...draft } = parsed.data;
    return organisation === undefined ? draft : { ...draft, organisation };
  }
  throw new InvalidInputError(fieldErrorsOf(parsed.error.issues));
}
