import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Callers log ids and outcomes, never names, e-mail addresses or
 * signal text; the redact list is a second line of defence for fields that slip through.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'daadkracht' },
    redact: {
      paths: ['name', '*.name', 'text', '*.text', 'description', '*.description', 'email', '*.email'],
      censor: '[redacted]',
    },
  });
}
