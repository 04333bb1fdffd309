import { dateInZone, MUNICIPAL_TIME_ZONE } from '../bot/clock';
import type { HerijkingSummary } from '../bot/domain/herijking/herijking-rounds';
import { GOAL_STATUSES, type HerijkingAnswer } from '../bot/domain/herijking/round';
import type { WerkgroepMember } from '../bot/domain/werkgroep/manage-werkgroep';
import type { Goal, WerkgroepAction } from '../bot/domain/werkgroep/werkgroep';
import { type Language, t } from '../bot/i18n/translate';
import actionFormTemplate from './action-form.json';
import actionReminderTemplate from './action-reminder.json';
import actionsListTemplate from './actions-list.json';
import goalFormTemplate from './goal-form.json';
import goalsTemplate from './goals.json';
import herijkingFormTemplate from './herijking-form.json';
import herijkingNoticeTemplate from './herijking-notice.json';
import herijkingSummaryTemplate from './herijking-summary.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';
import werkgroepTemplate from './werkgroep.json';
import werkgroepRosterTemplate from './werkgroep-roster.json';

const day = (date: string) => date.split('-').reverse().join('-');

export function renderActionForm(
  language: Language,
  form: {
    owners: { id: string; name: string }[];
    now: Date;
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
  },
): AdaptiveCardJson {
  const values: Record<string, string> = { title: '', owner: '', dueOn: '', linkedTo: '' };
  for (const key of Object.keys(values))
    if (typeof form.values?.[key] === 'string') values[key] = form.values[key] as string;
  const errors = Object.values(form.errors ?? {}).map((key) => t(language, key));
  return renderTemplate(actionFormTemplate, language, {
    owners: form.owners,
    today: dateInZone(form.now, MUNICIPAL_TIME_ZONE),
    values,
    hasErrors: errors.length > 0,
    errorSummary: errors.join(' '),
  });
}

export function renderActionsList(
  language: Language,
  title: string,
  actions: WerkgroepAction[],
  nameOf: (id: string) => string,
  now: Date,
  /** What an empty list means for this view ("none overdue" is not "none open"). */
  emptyKey = 'actions.empty',
): AdaptiveCardJson {
  const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
  return renderTemplate(actionsListTemplate, language, {
    title,
    empty: t(language, emptyKey),
    actions: actions.map((action) => ({
      title: action.title,
      owner: nameOf(action.ownerAadObjectId),
      due: t(language, action.dueOn < today ? 'actions.overdueOn' : 'actions.dueOn', {
        date: day(action.dueOn),
      }),
      color: action.dueOn < today ? 'Attention' : 'Default',
      slipped:
        action.rescheduled && action.originalDueOn
          ? t(language, 'actions.slipped', { date: day(action.originalDueOn), times: action.rescheduled })
          : '',
    })),
  });
}

export function renderActionReminder(
  language: Language,
  reminder: {
    reminder: string;
    actionId: string;
    title: string;
    dueOn: string;
    revision: number;
    open?: boolean;
    notice?: string;
  },
  now: Date,
): AdaptiveCardJson {
  return renderTemplate(actionReminderTemplate, language, {
    heading: t(language, `actions.reminder.${reminder.reminder}`),
    title: reminder.title,
    due: t(language, 'actions.dueOn', { date: day(reminder.dueOn) }),
    actionId: reminder.actionId,
    revision: reminder.revision,
    open: reminder.open ?? true,
    notice: reminder.notice ?? '',
    today: dateInZone(now, MUNICIPAL_TIME_ZONE),
  });
}

export function renderWerkgroep(
  language: Language,
  view: { members: WerkgroepMember[]; channelLinked: boolean },
): AdaptiveCardJson {
  const unreachable = view.members.filter((member) => !member.reachable);
  return renderTemplate(werkgroepTemplate, language, {
    channelText: t(language, view.channelLinked ? 'werkgroep.channelLinked' : 'werkgroep.channelMissing'),
    members: view.members.map((member) => ({
      name: member.name,
      state: member.reachable ? '' : ` (${t(language, 'werkgroep.unreachable')})`,
      color: member.reachable ? 'Default' : 'Warning',
    })),
    unreachable: unreachable.length,
    unreachableText: t(language, 'werkgroep.unreachableHint', {
      names: unreachable.map((member) => member.name).join(', '),
    }),
  });
}

export function renderGoals(
  language: Language,
  goals: Goal[],
  view: { canManage: boolean; nameOf(id: string): string; title?: string },
): AdaptiveCardJson {
  return renderTemplate(goalsTemplate, language, {
    title: view.title ?? t(language, 'goals.title'),
    canManage: view.canManage,
    goals: goals.map((goal) => ({
      id: goal.id,
      number: goal.number,
      title: goal.title,
      indicator: goal.indicator,
      target: goal.target,
      owner: goal.ownerAadObjectId ? view.nameOf(goal.ownerAadObjectId) : '',
      deadline: goal.deadline ? day(goal.deadline) : '',
    })),
  });
}

/** Changing a goal, or adding one when `goal` is undefined; bad input comes back with the values. */
export function renderGoalForm(
  language: Language,
  form: {
    goal?: Goal;
    owners: { id: string; name: string }[];
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
  },
): AdaptiveCardJson {
  const { goal } = form;
  const stored: Record<string, string> = {
    title: goal?.title ?? '',
    indicator: goal?.indicator ?? '',
    target: goal?.target ?? '',
    owner: goal?.ownerAadObjectId ?? '',
    deadline: goal?.deadline ?? '',
  };
  const values = Object.fromEntries(
    Object.entries(stored).map(([key, value]) => {
      const entered = form.values?.[key];
      return [key, form.values ? (typeof entered === 'string' ? entered : '') : value];
    }),
  );
  const errors = Object.values(form.errors ?? {}).map((key) => t(language, key));
  return renderTemplate(goalFormTemplate, language, {
    heading: goal ? t(language, 'goals.editTitle', { number: goal.number }) : t(language, 'goals.newTitle'),
    goalId: goal?.id ?? '',
    revision: goal?.revision ?? 0,
    owners: form.owners,
    values,
    hasErrors: errors.length > 0,
    errorSummary: errors.join(' '),
  });
}

export function renderHerijkingForm(
  language: Language,
  round: { quarter: string; closesOn: string; goals: { number: number; title: string }[] },
  previous?: {
    answer?: HerijkingAnswer;
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
    headingKey?: string;
  },
): AdaptiveCardJson {
  const value = (key: string) =>
    typeof previous?.values?.[key] === 'string' ? (previous.values[key] as string) : undefined;
  return renderTemplate(herijkingFormTemplate, language, {
    heading: t(language, previous?.headingKey ?? 'herijking.formTitle', { quarter: round.quarter }),
    intro: t(language, 'herijking.formIntro', { date: day(round.closesOn) }),
    quarter: round.quarter,
    hasErrors: Object.keys(previous?.errors ?? {}).length > 0,
    statuses: GOAL_STATUSES.map((status) => ({
      value: status,
      title: t(language, `herijking.status.${status}`),
    })),
    goals: round.goals.map((goal, index) => {
      const earlier = previous?.answer?.goals[index];
      const error = (field: string) => {
        const key = previous?.errors?.[`${goal.number}.${field}`];
        return key ? t(language, key) : '';
      };
      return {
        number: goal.number,
        title: goal.title,
        status: value(`${goal.number}.status`) ?? earlier?.status ?? '',
        explanation: value(`${goal.number}.explanation`) ?? earlier?.explanation ?? '',
        proposal: value(`${goal.number}.proposal`) ?? earlier?.proposal ?? '',
        statusError: error('status'),
        explanationError: error('explanation'),
      };
    }),
    processChange: value('processChange') ?? previous?.answer?.processChange ?? '',
  });
}

export function renderHerijkingNotice(
  language: Language,
  notice: { event: string; quarter: string; closesOn: string },
): AdaptiveCardJson {
  return renderTemplate(herijkingNoticeTemplate, language, {
    heading: t(language, `herijking.${notice.event}Title`, { quarter: notice.quarter }),
    text: t(language, `herijking.${notice.event}Text`, { date: day(notice.closesOn) }),
  });
}

export function renderHerijkingSummary(
  language: Language,
  summary: HerijkingSummary & { forCoordinator: boolean },
): AdaptiveCardJson {
  return renderTemplate(herijkingSummaryTemplate, language, {
    heading: t(language, 'herijking.summaryTitle', { quarter: summary.quarter }),
    responseText: t(language, 'herijking.responses', {
      responded: summary.responded,
      invited: summary.invited,
    }),
    forCoordinator: summary.forCoordinator,
    linkedTo: `herijking ${summary.quarter}`,
    goals: summary.goals.map((goal) => ({
      ...goal,
      statusLine: GOAL_STATUSES.map(
        (status) => `${t(language, `herijking.status.${status}`)}: ${goal.statuses[status] ?? 0}`,
      ).join(' · '),
    })),
    processChanges: summary.processChanges,
  });
}

/** The team's members as checkboxes; the card remembers whom it offered. */
export function renderWerkgroepRoster(
  language: Language,
  people: { aadObjectId: string; name: string; member: boolean }[],
): AdaptiveCardJson {
  return renderTemplate(werkgroepRosterTemplate, language, {
    people,
    selected: people
      .filter((person) => person.member)
      .map((person) => person.aadObjectId)
      .join(','),
    offered: people.map((person) => person.aadObjectId).join(','),
  });
}
