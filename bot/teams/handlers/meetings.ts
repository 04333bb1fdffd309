import { meetingMoment, renderMeetingForm, renderMeetings } from '../../../cards/meeting-cards';
import { assertAllowed } from '../../domain/authorization';
import { InvalidInputError } from '../../domain/errors';
import {
  MEETING_PLAN_ID,
  meetingOverview,
  planMeetings,
  renewCalendarLink,
  stopMeetings,
  upcomingMeetings,
} from '../../domain/werkgroep/meetings';
import { calendarUrl } from '../../http/calendar-route';
import type { Turn } from '../turn';

/** `vergadering`, `vergadering plan`, `vergadering stop`, `vergadering nieuwe link`. */
export async function meetingsCommand(turn: Turn, argument: string | undefined): Promise<void> {
  const words = (argument ?? '').trim();
  if (['plan', 'wijzig', 'change'].includes(words)) return showMeetingForm(turn);
  if (words === 'stop') {
    const stopped = await stopMeetings(turn.services, turn.actor);
    return turn.sendText(stopped ? 'meetings.stopped' : 'meetings.notPlanned');
  }
  if (['nieuwe link', 'new link'].includes(words)) {
    const renewed = await renewCalendarLink(turn.services, turn.actor);
    if (!renewed) return turn.sendText('meetings.notPlanned');
    await turn.sendText('meetings.linkRenewed');
    return showMeetings(turn);
  }
  if (words) return turn.sendText('meetings.usage');
  await showMeetings(turn);
}

async function showMeetings(turn: Turn): Promise<void> {
  const overview = await meetingOverview(turn.services, turn.actor);
  if (!overview) return turn.sendText('meetings.none');
  const roles = await turn.services.roles.rolesOf(turn.actor.tenantId, turn.actor.aadObjectId);
  await turn.sendCard(
    renderMeetings(turn.language, {
      ...overview,
      calendarUrl: calendarUrl(turn.services.publicBaseUrl, turn.actor.tenantId, overview.plan.calendarToken),
      canManage: roles.includes('coordinator') || roles.includes('admin'),
    }),
  );
}

/** The form, filled with the current schedule when there is one. */
export async function showMeetingForm(turn: Turn): Promise<void> {
  const { roles, werkgroep, clock } = turn.services;
  assertAllowed('meetings.manage', await roles.rolesOf(turn.actor.tenantId, turn.actor.aadObjectId));
  const existing = await werkgroep.meetings.find(turn.actor.tenantId, MEETING_PLAN_ID);
  await turn.sendCard(renderMeetingForm(turn.language, { now: clock.now(), plan: existing }));
}

/** The form's submit: saved and confirmed, or back with the values and what to fix. */
export async function submitMeetingForm(turn: Turn, values: Record<string, unknown>): Promise<void> {
  const { clock, workingDaysOf } = turn.services;
  try {
    const plan = await planMeetings(turn.services, turn.actor, values);
    const [next] = upcomingMeetings(plan, clock.now(), await workingDaysOf(turn.actor.tenantId), 1);
    const overview = await meetingOverview(turn.services, turn.actor);
    if (overview) {
      await turn.replaceCard(
        renderMeetings(turn.language, {
          ...overview,
          calendarUrl: calendarUrl(turn.services.publicBaseUrl, turn.actor.tenantId, plan.calendarToken),
          canManage: true,
        }),
      );
    }
    if (next) await turn.sendText('meetings.planned', { moment: meetingMoment(turn.language, next) });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const plan = await turn.services.werkgroep.meetings.find(turn.actor.tenantId, MEETING_PLAN_ID);
    await turn.replaceCard(
      renderMeetingForm(turn.language, { now: clock.now(), plan, values, errors: error.fieldErrors }),
    );
  }
}
