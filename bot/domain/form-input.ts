import { z } from 'zod';

/** Adaptive Cards send an empty input as ''; to a schema that means "not given". */
export function withoutBlanks(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, value === '' ? undefined : value]),
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
