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

/**
 * A date as yyyy-mm-dd, from what a date input sends (yyyy-mm-dd) or from what people here type
 * where a client passes typed text on: dd-mm-jjjj, also with / or . and single-digit day or month.
 */
export function typedDate(text: string): string | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(trimmed);
  const date = iso
    ? trimmed
    : dutch
      ? `${dutch[3]}-${dutch[2]?.padStart(2, '0')}-${dutch[1]?.padStart(2, '0')}`
      : undefined;
  return date && isRealIsoDate(date) ? date : undefined;
}

/** A date input (yyyy-mm-dd, or a typed dd-mm-jjjj); `key` is the message for anything else. */
export const calendarDate = (key: string) =>
  z
    .string({ error: key })
    .transform((value) => typedDate(value) ?? value)
    .refine(isRealIsoDate, key);

/** A time input (Input.Time sends HH:MM, 24-hour). */
export const wallTime = (key: string) => z.string({ error: key }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, key);
