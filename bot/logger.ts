import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Callers log ids and outcomes, never names, e-mail addresses or
 * signal text; the redact list is a second line of defence for fields that slip through.
 * A destination (the pretty one, for `npm start`) only changes how a line is printed:
 * redaction happens before it.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'daadkracht' },
    redact: {
      paths: ['name', '*.name', 'text', '*.text', 'description', '*.description', 'email', '*.email'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * One readable line per entry, for a person watching `npm start`. Loaded only when asked for:
 * production keeps JSON and never loads pino-pretty.
 */
export async function prettyDestination(): Promise<pino.DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    singleLine: true,
    sync: true,
  });
}
