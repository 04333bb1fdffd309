import { z } from 'zod';
import { normalizeUserValues } from './user-text';

/**
 * Adaptive Cards send an empty input as ''; to a schema that means "not given". Text is normalised
 * here too (the edge already did it; a parser called directly must not depend on that).
 */
export function withoutBlanks(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(normalizeUserValues(values)).map(([key, value]) => [
      key,
      value === '' ? undefined : value,
    ]),
  );
}

/** The first message key per form field from a failed parse, so a form shows every problem at once. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

/** An optional RRULE as people type it: trimmed, without an `RRULE:` prefix, upper-case. */
export const typedRrule = z
  .string()
  .optional()
  .transform(
    (value) =>
      value
        ?.trim()
        .replace(/^RRULE:/i, '')
        .toUpperCase() || undefined,
  );

/** A date that exists, as yyyy-mm-dd: `Date.parse` would accept 31 February and roll it over. */
export function isRealIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A date input (Input.Date sends yyyy-mm-dd); `key` is the message for anything else. */
export const calendarDate = (key: string) => z.string({ error: key }).refine(isRealIsoDate, key);

/** A time input (Input.Time sends HH:MM, 24-hour). */
export const wallTime = (key: string) => z.string({ error: key }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, key);
