import { dateInZone, MUNICIPAL_TIME_ZONE } from '../bot/clock';
import type { AgendaDigest } from '../bot/domain/werkgroep/agenda-digest';
import { MEETING_REPEATS, type MeetingPlan } from '../bot/domain/werkgroep/meetings';
import { type Language, t } from '../bot/i18n/translate';
import agendaDigestTemplate from './agenda-digest.json';
import meetingFormTemplate from './meeting-form.json';
import meetingsTemplate from './meetings.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';

/** "dinsdag 8 december 2026 om 14:00", in the municipality's time zone. */
export function meetingMoment(language: Language, instant: Date): string {
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  const date = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: MUNICIPAL_TIME_ZONE,
  }).format(instant);
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: MUNICIPAL_TIME_ZONE,
  }).format(instant);
  return t(language, 'meetings.moment', { date, time });
}

export function renderMeetingForm(
  language: Language,
  form: { now: Date; plan?: MeetingPlan; values?: Record<string, unknown>; errors?: Record<string, string> },
): AdaptiveCardJson {
  const fromPlan: Record<string, unknown> = form.plan
    ? {
        firstDate: form.plan.firstDate,
        startTime: form.plan.startTime,
        durationMinutes: form.plan.durationMinutes,
        repeat: form.plan.repeat,
        rrule: form.plan.repeat === 'custom' ? form.plan.rrule : '',
        location: form.plan.location ?? '',
      }
    : { startTime: '14:00', durationMinutes: 90, repeat: 'monthly' };
  const source = form.values ?? fromPlan;
  const text = (key: string) => {
    const value = source[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  };
  const errors = Object.values(form.errors ?? {}).map((key) => t(language, key));
  const today = dateInZone(form.now, MUNICIPAL_TIME_ZONE);
  return renderTemplate(meetingFormTemplate, language, {
    // A running series keeps its first date; the date picker must accept it.
    today: form.plan && form.plan.firstDate < today ? form.plan.firstDate : today,
    values: {
      firstDate: text('firstDate'),
      startTime: text('startTime'),
      durationMinutes: text('durationMinutes'),
      repeat: text('repeat'),
      rrule: text('rrule'),
      location: text('location'),
    },
    repeats: MEETING_REPEATS.map((value) => ({ value, title: t(language, `meetings.repeat.${value}`) })),
    hasErrors: errors.length > 0,
    errorSummary: errors.join(' '),
  });
}

export function renderMeetings(
  language: Language,
  view: { plan: MeetingPlan; next: Date[]; channelLinked: boolean; calendarUrl?: string; canManage: boolean },
): AdaptiveCardJson {
  const { plan } = view;
  const pattern = t(language, 'meetings.pattern', {
    repeat: plan.repeat === 'custom' ? plan.rrule : t(language, `meetings.repeat.${plan.repeat}`),
    time: plan.startTime,
    minutes: plan.durationMinutes,
  });
  return renderTemplate(meetingsTemplate, language, {
    pattern,
    location: plan.location ?? '',
    next: view.next.map((instant) => meetingMoment(language, instant)),
    digestText: t(language, 'meetings.digestWhen'),
    channelLinked: view.channelLinked,
    calendarUrl: view.calendarUrl ?? '',
    canManage: view.canManage,
  });
}

export function renderAgendaDigest(
  language: Language,
  digest: AgendaDigest & { meetingAt: string; sinceAt: string; location?: string },
  calendarUrl: string | undefined,
): AdaptiveCardJson {
  return renderTemplate(agendaDigestTemplate, language, {
    heading: t(language, 'meetings.digest.title', {
      moment: meetingMoment(language, new Date(digest.meetingAt)),
    }),
    location: digest.location ?? '',
    sinceText: t(language, 'meetings.digest.since', {
      moment: meetingMoment(language, new Date(digest.sinceAt)),
    }),
    newSignals: String(digest.newSignalsSinceLastMeeting),
    openSignals: String(digest.openSignals),
    openActions: String(digest.openActions),
    overdueActions: String(digest.overdueActions),
    goalsBehind: digest.goalsBehind,
    calendarUrl: calendarUrl ?? '',
  });
}
