/** Who gets the case of the month: people who talked to the bot, the werkgroep channel, both, or nobody. */
export const MONTHLY_CASE_AUDIENCES = ['people', 'channel', 'both', 'off'] as const;
export type MonthlyCaseAudience = (typeof MONTHLY_CASE_AUDIENCES)[number];

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When the case of the month goes out: the first working <weekday> of the month, at a local time. */
export interface MonthlyCaseSettings {
  audience: MonthlyCaseAudience;
  weekday: Weekday;
  localTime: string;
}

/** The first working Tuesday of the month, 10:00 Amsterdam, to everyone who talked to the bot. */
export const DEFAULT_MONTHLY_CASE: MonthlyCaseSettings = {
  audience: 'people',
  weekday: 'TU',
  localTime: '10:00',
};

export const MONTHLY_CASE_SCHEDULE_ID = 'schedule:monthly-case';

/**
 * The schedule fires on every such weekday; the handler sends only on the month's first one that
 * is a working day (an RRULE cannot say "first working Tuesday", and shifting a holiday Tuesday
 * to Wednesday would make it no Tuesday at all).
 */
export function monthlyCaseRrule(weekday: Weekday): string {
  return `FREQ=WEEKLY;BYDAY=${weekday}`;
}
