import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { IdSource } from '../../ids';
import type { Logger } from '../../logger';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import {
  nextOccurrenceAfter,
  occurrencesBetween,
  type Recurrence,
  validateRecurrence,
} from '../../scheduling/recurrence';
import { newSchedule } from '../../scheduling/schedule';
import type { ScheduleRepository } from '../../scheduling/schedule-repository';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { ConflictError, InvalidInputError } from '../errors';
import { calendarDate, fieldErrorsOf, typedRrule, wallTime, withoutBlanks } from '../form-input';
import { WERKGROEP_CHANNEL } from '../herijking/herijking-rounds';
import type { HerijkingAnswer, HerijkingRound } from '../herijking/round';
import { newOutboxEntry } from '../outbox-messages';
import type { RoleDirectory } from '../roles/role-directory';
import type { WorkingDays, WorkingDaysOf } from '../signals/feedback-deadlines';
import type { SignalRepository } from '../signals/signal-repository';
import { type AgendaDigest, buildAgendaDigest } from './agenda-digest';
import { meetingCalendar } from './meeting-calendar';
import type { DocumentStore, WerkgroepStores } from './werkgroep-repositories';

export const MEETING_REPEATS = ['weekly', 'biweekly', 'fourweekly', 'monthly', 'custom'] as const;
export type MeetingRepeat = (typeof MEETING_REPEATS)[number];

/** The werkgroep's meeting series: one per tenant. */
export interface MeetingPlan {
  id: 'meeting-plan';
  type: 'meeting-plan';
  tenantId: string;
  /** First meeting, local date and time in Europe/Amsterdam. */
  firstDate: string;
  startTime: string;
  durationMinutes: number;
  repeat: MeetingRepeat;
  /** The RRULE value the series follows (derived from `repeat` unless custom). */
  rrule: string;
  location?: string;
  /**
   * The secret in the calendar (.ics) link. The calendar holds no personal data, only dates,
   * times and the location, so a capability link is enough; `vergadering nieuwe link` replaces it.
   */
  calendarToken: string;
  plannedBy: string;
  plannedAt: string;
}

export const MEETING_PLAN_ID = 'meeting-plan';
export const DIGEST_SCHEDULE_ID = 'schedule:werkgroep-digest';
/** The agenda digest goes out at 09:00 on the working day before each meeting. */
export const DIGEST_TIME = '09:00';

export interface MeetingDeps {
  werkgroep: WerkgroepStores;
  schedules: Pick<ScheduleRepository, 'create' | 'remove'>;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
  ids: IdSource;
  workingDaysOf: WorkingDaysOf;
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

const planSchema = z
  .object({
    firstDate: calendarDate('meetings.error.firstDate'),
    startTime: wallTime('meetings.error.startTime'),
    durationMinutes: z.coerce
      .number({ error: 'meetings.error.duration' })
      .int('meetings.error.duration')
      .min(15, 'meetings.error.duration')
      .max(480, 'meetings.error.duration'),
    repeat: z.enum(MEETING_REPEATS, { error: 'meetings.error.repeat' }),
    rrule: typedRrule,
    location: z
      .string()
      .optional()
      .transform((value) => value?.trim() || undefined)
      .pipe(z.string().max(200, 'meetings.error.location').optional()),
  })
  .superRefine((plan, ctx) => {
    if (plan.repeat !== 'custom') return;
    try {
      if (!plan.rrule) throw new RangeError('an own rule is required');
      // The rule's validity does not depend on the date or time, which are checked on their own.
      validateRecurrence({
        rrule: plan.rrule,
        startsOn: '2026-01-01',
        localTime: '09:00',
        shiftToWorkingDay: false,
      });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['rrule'], message: 'meetings.error.rrule' });
    }
  });

/** The RRULE for a choice on the form; "monthly" keeps the weekday, e.g. every 2nd Tuesday. */
export function ruleFor(repeat: MeetingRepeat, firstDate: string, custom?: string): string {
  const date = new Date(`${firstDate}T12:00:00Z`);
  switch (repeat) {
    case 'weekly':
      return 'FREQ=WEEKLY';
    case 'biweekly':
      return 'FREQ=WEEKLY;INTERVAL=2';
    case 'fourweekly':
      return 'FREQ=WEEKLY;INTERVAL=4';
    case 'monthly': {
      const nth = Math.ceil(date.getUTCDate() / 7);
      return `FREQ=MONTHLY;BYDAY=${nth === 5 ? -1 : nth}${WEEKDAYS[date.getUTCDay()]}`;
    }
    case 'custom':
      return custom ?? '';
  }
}

/** The meetings themselves as a recurrence (dates and start time; no working-day shift). */
export function meetingRecurrence(plan: Pick<MeetingPlan, 'rrule' | 'firstDate' | 'startTime'>): Recurrence {
  return { rrule: plan.rrule, startsOn: plan.firstDate, localTime: plan.startTime, shiftToWorkingDay: false };
}

/** The next `count` meetings after `after`. */
export function upcomingMeetings(plan: MeetingPlan, after: Date, calendar: WorkingDays, count = 3): Date[] {
  const meetings: Date[] = [];
  let from = after;
  while (meetings.length < count) {
    const next = nextOccurrenceAfter(meetingRecurrence(plan), from, calendar);
    if (!next) break;
    meetings.push(next);
    from = next;
  }
  return meetings;
}

/** `vergadering plan`: a coordinator sets (or changes) the series; the digest schedule follows it. */
export async function planMeetings(
  deps: MeetingDeps,
  actor: Actor,
  values: Record<string, unknown>,
): Promise<MeetingPlan> {
  assertAllowed('meetings.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const cleaned = withoutBlanks(values);
  const now = deps.clock.now();
  const existing = await deps.werkgroep.meetings.find(actor.tenantId, MEETING_PLAN_ID);
  const parsed = planSchema.safeParse(cleaned);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
  // Checked next to the schema, so one answer names every problem on the form. A running
  // series keeps its first date when only its time or place changes.
  const firstDate = cleaned.firstDate;
  if (
    typeof firstDate === 'string' &&
    firstDate !== existing?.firstDate &&
    firstDate < dateInZone(now, MUNICIPAL_TIME_ZONE)
  )
    errors.firstDate ??= 'meetings.error.firstDatePast';
  if (!parsed.success || Object.keys(errors).length > 0) throw new InvalidInputError(errors);
  const input = parsed.data;
  const rrule = ruleFor(input.repeat, input.firstDate, input.rrule);
  const recurrence = meetingRecurrence({ rrule, firstDate: input.firstDate, startTime: input.startTime });
  try {
    validateRecurrence(recurrence);
  } catch {
    throw new InvalidInputError({ rrule: 'meetings.error.rrule' });
  }
  if (!nextOccurrenceAfter(recurrence, now, await deps.workingDaysOf(actor.tenantId)))
    throw new InvalidInputError({ rrule: 'meetings.error.noDates' });

  const plan: MeetingPlan = {
    id: MEETING_PLAN_ID,
    type: 'meeting-plan',
    tenantId: actor.tenantId,
    firstDate: input.firstDate,
    startTime: input.startTime,
    durationMinutes: input.durationMinutes,
    repeat: input.repeat,
    rrule,
    location: input.location,
    calendarToken: existing?.calendarToken ?? deps.ids.token(),
    plannedBy: actor.aadObjectId,
    plannedAt: now.toISOString(),
  };
  const saved = existing
    ? await deps.werkgroep.meetings.replace(plan, existing._etag)
    : await deps.werkgroep.meetings.createIfAbsent(plan);
  if (!saved) throw new ConflictError('meeting-plan');
  await deps.schedules.remove(actor.tenantId, DIGEST_SCHEDULE_ID);
  await deps.schedules.create(
    newSchedule(
      {
        id: DIGEST_SCHEDULE_ID,
        tenantId: actor.tenantId,
        kind: 'werkgroep-digest',
        rrule,
        startsOn: input.firstDate,
        localTime: DIGEST_TIME,
        leadWorkingDays: 1,
        payload: {},
      },
      now,
    ),
  );
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'meetings.planned',
    subjectId: MEETING_PLAN_ID,
    at: now.toISOString(),
  });
  return plan;
}

/** `vergadering stop`: no more meetings in the bot, no more digests. */
export async function stopMeetings(deps: MeetingDeps, actor: Actor): Promise<boolean> {
  assertAllowed('meetings.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const existing = await deps.werkgroep.meetings.find(actor.tenantId, MEETING_PLAN_ID);
  await deps.schedules.remove(actor.tenantId, DIGEST_SCHEDULE_ID);
  if (!existing) return false;
  await deps.werkgroep.meetings.remove(actor.tenantId, MEETING_PLAN_ID);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'meetings.stopped',
    subjectId: MEETING_PLAN_ID,
    at: deps.clock.now().toISOString(),
  });
  return true;
}

/** `vergadering nieuwe link`: the old calendar link stops working (someone shared it too widely). */
export async function renewCalendarLink(deps: MeetingDeps, actor: Actor): Promise<MeetingPlan | undefined> {
  assertAllowed('meetings.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const existing = await deps.werkgroep.meetings.find(actor.tenantId, MEETING_PLAN_ID);
  if (!existing) return undefined;
  const { _etag, ...plan } = existing;
  const renewed = { ...plan, calendarToken: deps.ids.token() };
  if (!(await deps.werkgroep.meetings.replace(renewed, _etag))) throw new ConflictError('meeting-plan');
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'meetings.calendar-link-renewed',
    subjectId: MEETING_PLAN_ID,
    at: deps.clock.now().toISOString(),
  });
  return renewed;
}

/** `vergadering`: the series and the next meetings, for the werkgroep and coordinators. */
export async function meetingOverview(
  deps: MeetingDeps,
  actor: Actor,
): Promise<{ plan: MeetingPlan; next: Date[]; channelLinked: boolean } | undefined> {
  assertAllowed('werkgroep.view', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const plan = await deps.werkgroep.meetings.find(actor.tenantId, MEETING_PLAN_ID);
  if (!plan) return undefined;
  const { _etag, ...stored } = plan;
  const channelLinked = !!(await deps.werkgroep.channels.find(actor.tenantId, 'werkgroep-channel'));
  const workingDays = await deps.workingDaysOf(actor.tenantId);
  return { plan: stored, next: upcomingMeetings(stored, deps.clock.now(), workingDays), channelLinked };
}

/** The .ics for a calendar link, or undefined when the link is not (or no longer) valid. */
export async function meetingCalendarFile(
  deps: Pick<MeetingDeps, 'werkgroep' | 'clock'>,
  tenantId: string,
  token: string,
): Promise<string | undefined> {
  const plan = await deps.werkgroep.meetings.find(tenantId, MEETING_PLAN_ID);
  if (!plan || !sameSecret(plan.calendarToken, token)) return undefined;
  return meetingCalendar(
    {
      uid: `werkgroep-${plan.tenantId}@daadkracht`,
      title: 'Werkgroep ondermijning',
      firstDate: plan.firstDate,
      startTime: plan.startTime,
      durationMinutes: plan.durationMinutes,
      rrule: plan.rrule,
      location: plan.location,
    },
    deps.clock.now(),
  );
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface DigestDeps {
  werkgroep: WerkgroepStores;
  signals: Pick<SignalRepository, 'countCreatedSince' | 'countOpen'>;
  rounds: DocumentStore<HerijkingRound>;
  answers: DocumentStore<HerijkingAnswer>;
  outbox: OutboxRepository;
  clock: Clock;
  workingDaysOf: WorkingDaysOf;
  logger: Logger;
}

/**
 * The scheduled digest: counts for the coming meeting, posted in the werkgroep channel. Its
 * outbox id is the meeting's start, so a retry or a second instance posts it once.
 */
export async function postAgendaDigest(
  deps: DigestDeps,
  tenantId: string,
  occurrenceAt: Date,
): Promise<void> {
  const plan = await deps.werkgroep.meetings.find(tenantId, MEETING_PLAN_ID);
  if (!plan) return;
  const recurrence = meetingRecurrence(plan);
  const workingDays = await deps.workingDaysOf(tenantId);
  const meeting = nextOccurrenceAfter(recurrence, occurrenceAt, workingDays);
  if (!meeting) return;
  if (!(await deps.werkgroep.channels.find(tenantId, 'werkgroep-channel'))) {
    deps.logger.warn({ tenantId }, 'agenda digest skipped: no werkgroep channel linked');
    return;
  }
  const previous = occurrencesBetween(
    recurrence,
    new Date(meeting.getTime() - 120 * 86_400_000),
    new Date(meeting.getTime() - 1),
    workingDays,
  ).at(-1);
  const since = previous ?? new Date(plan.plannedAt);
  const digest = await gatherDigest(deps, tenantId, since);
  const now = deps.clock.now();
  await deps.outbox.enqueue([
    newOutboxEntry(
      tenantId,
      `agenda-digest:${meeting.toISOString()}`,
      WERKGROEP_CHANNEL,
      {
        kind: 'agenda-digest',
        meetingAt: meeting.toISOString(),
        sinceAt: since.toISOString(),
        location: plan.location,
        calendarToken: plan.calendarToken,
        ...digest,
      },
      now,
    ),
  ]);
}

async function gatherDigest(deps: DigestDeps, tenantId: string, since: Date): Promise<AgendaDigest> {
  const [newSinceLastMeeting, open, actions, rounds] = await Promise.all([
    deps.signals.countCreatedSince(tenantId, since),
    deps.signals.countOpen(tenantId),
    deps.werkgroep.actions.list(tenantId),
    deps.rounds.list(tenantId),
  ]);
  const lastClosed = rounds
    .filter((round) => round.status === 'closed')
    .sort((a, b) => b.quarter.localeCompare(a.quarter))[0];
  const answers = lastClosed
    ? (await deps.answers.list(tenantId)).filter((answer) => answer.roundId === lastClosed.id)
    : [];
  return buildAgendaDigest({
    signals: { newSinceLastMeeting, open },
    actions,
    lastRound: lastClosed ? { round: lastClosed, answers } : undefined,
    now: deps.clock.now(),
  });
}
