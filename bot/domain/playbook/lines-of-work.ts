/** The lines of work the playbook gives examples for (the audit's disciplines); labels in bot/i18n (lineOfWork.<id>). */
export const LINES_OF_WORK = [
  'permits',
  'civil-registry',
  'real-estate',
  'social-domain',
  'enforcement',
] as const;

export type LineOfWork = (typeof LINES_OF_WORK)[number];

export function isLineOfWork(value: unknown): value is LineOfWork {
  return typeof value === 'string' && (LINES_OF_WORK as readonly string[]).includes(value);
}
