import { dateInZone, MUNICIPAL_TIME_ZONE } from '../bot/clock';
import type { Role } from '../bot/domain/roles/role';
import { CLOSURE_REASONS, PARTNERS, type Signal } from '../bot/domain/signals/signal';
import type { OpenItems } from '../bot/domain/signals/view-signals';
import { type Language, t } from '../bot/i18n/translate';
import handoverTemplate from './handover.json';
import openItemsTemplate from './open-items.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';
import reporterFeedbackTemplate from './reporter-feedback.json';
import rolesTemplate from './roles.json';
import signalTemplate from './signal.json';
import signalUpdateTemplate from './signal-update.json';

/** Display names for Entra ids; unknown ids show as the id itself. */
export type NameOf = (aadObjectId: string) => string;

export interface SignalCardData {
  signal: Signal;
  roles: Role[];
  actorId: string;
  assignable: string[];
  feedbackOverdue: boolean;
  nameOf: NameOf;
  now: Date;
  notice?: { text: string; color: 'Good' | 'Attention' };
}

/** The coordinator's full signal card: details, history and the actions its state allows. */
export function renderSignalCard(language: Language, data: SignalCardData): AdaptiveCardJson {
  const { signal, roles, actorId, nameOf } = data;
  const coordinator = roles.includes('coordinator');
  const isOpen = signal.status !== 'closed';
  const pending = signal.pendingClosure;
  const can = {
    pickUp: coordinator && signal.status === 'new',
    approve: coordinator && !!pending && pending.requestedBy !== actorId,
    note: isOpen && (coordinator || signal.assigneeAadObjectId === actorId),
    assign: coordinator && isOpen && !pending,
    ask:
      coordinator &&
      !pending &&
      ['in-progress', 'awaiting-reporter', 'forwarded', 'case'].includes(signal.status),
    forward: coordinator && !pending && ['in-progress', 'awaiting-reporter', 'case'].includes(signal.status),
    linkCase:
      coordinator && !pending && ['in-progress', 'awaiting-reporter', 'forwarded'].includes(signal.status),
    close: coordinator && isOpen && !pending,
    more: false,
  };
  can.more = can.forward || can.linkCase || can.close;
  const who = (by: string) =>
    by === 'reporter' || by === 'anonymous' ? t(language, 'signalCard.reporterLabel') : nameOf(by);
  return renderTemplate(signalTemplate, language, {
    notice: data.notice?.text ?? '',
    noticeColor: data.notice?.color ?? 'Default',
    signalId: signal.id,
    revision: signal.revision,
    reference: signal.reference,
    urgent: signal.urgency === 'urgent',
    feedbackOverdue: data.feedbackOverdue,
    pendingClosure: !!pending,
    statusLabel: t(language, `status.${signal.status}`),
    categoryLabel: t(language, `category.${signal.category}`),
    reportedOn: displayDate(signal.createdAt),
    observedOn: displayDay(signal.observedOn),
    assigneeName: signal.assigneeAadObjectId
      ? nameOf(signal.assigneeAadObjectId)
      : t(language, 'signalCard.nobody'),
    feedbackDueOn: signal.feedbackDueOn ? displayDay(signal.feedbackDueOn) : '',
    forwardedTo: signal.forwarded
      ? `${t(language, `partner.${signal.forwarded.partner}`)} (${displayDay(signal.forwarded.on)})`
      : '',
    caseName: signal.caseName ?? '',
    closure: signal.closure ? t(language, `closureReason.${signal.closure.reason}`) : '',
    reporter: signal.anonymous ? t(language, 'signalCard.anonymousReporter') : (signal.reporterName ?? ''),
    location: signal.location,
    description: signal.description,
    involved: signal.involved ?? '',
    history: signal.history.map((entry) => ({
      when: displayDate(entry.at),
      label: t(language, `historyAction.${entry.action ?? 'reported'}`),
      who: who(entry.by),
      note: entry.action === 'assigned' && entry.note ? nameOf(entry.note) : (entry.note ?? ''),
    })),
    can,
    assignable: data.assignable.map((id) => ({ id, name: nameOf(id) })),
    partners: PARTNERS.map((value) => ({ value, title: t(language, `partner.${value}`) })),
    closureReasons: CLOSURE_REASONS.map((value) => ({ value, title: t(language, `closureReason.${value}`) })),
    today: dateInZone(data.now, MUNICIPAL_TIME_ZONE),
  });
}

const REASON_COLOR: Record<string, string> = {
  'closure-approval': 'Warning',
  'feedback-overdue': 'Attention',
  new: 'Accent',
};

export function renderOpenItems(language: Language, open: OpenItems): AdaptiveCardJson {
  const total = Object.values(open.counts).reduce((sum, count) => sum + count, 0);
  return renderSignalList(language, {
    title: t(language, 'open.title'),
    empty: t(language, 'open.empty'),
    summary: t(language, 'open.counts', {
      new: open.counts.new,
      overdue: open.counts['feedback-overdue'],
      awaiting: open.counts['awaiting-reporter'],
      mine: open.counts.mine,
      total,
    }),
    items: open.items.map(({ signal, reason }) => ({
      signal,
      label: t(language, `open.reason.${reason}`),
      color: REASON_COLOR[reason],
    })),
    pageLabel: open.pages > 1 ? t(language, 'open.page', { page: open.page, pages: open.pages }) : '',
    nextPage: open.page < open.pages ? open.page + 1 : undefined,
  });
}

export function renderSearchResults(language: Language, text: string, signals: Signal[]): AdaptiveCardJson {
  return renderSignalList(language, {
    title: t(language, 'search.title', { text }),
    empty: t(language, 'search.empty'),
    summary: '',
    items: signals.map((signal) => ({ signal, label: t(language, `status.${signal.status}`) })),
    pageLabel: '',
  });
}

interface SignalList {
  title: string;
  empty: string;
  summary: string;
  items: { signal: Signal; label: string; color?: string }[];
  pageLabel: string;
  nextPage?: number;
}

function renderSignalList(language: Language, list: SignalList): AdaptiveCardJson {
  return renderTemplate(openItemsTemplate, language, {
    title: list.title,
    empty: list.empty,
    summary: list.summary,
    pageLabel: list.pageLabel,
    hasNext: list.nextPage !== undefined,
    nextPage: list.nextPage ?? 1,
    items: list.items.map(({ signal, label, color }) => ({
      signalId: signal.id,
      reference: signal.reference,
      reasonLabel: label,
      color: color ?? 'Default',
      categoryLabel: t(language, `category.${signal.category}`),
      statusLabel: t(language, `status.${signal.status}`),
      location: signal.location,
    })),
  });
}

export function renderRoles(
  language: Language,
  holders: { name: string; roles: Role[]; seeded: Role[] }[],
): AdaptiveCardJson {
  return renderTemplate(rolesTemplate, language, {
    holders: holders.map((holder) => ({
      name: holder.name,
      roles: holder.roles
        .map(
          (role) =>
            `${t(language, `roles.name.${role}`)}${holder.seeded.includes(role) ? ` ${t(language, 'roles.seeded')}` : ''}`,
        )
        .join(', '),
    })),
  });
}

export interface ReporterFeedbackData {
  signalId: string;
  reference: string;
  news: string;
  personalLine?: string;
  question?: { questionId: string; text: string; answerToken: string };
  answer?: string;
  answerError?: string;
}

/** What a reporter sees: plain words about the step taken, and a question to answer if there is one. */
export function renderReporterFeedback(language: Language, data: ReporterFeedbackData): AdaptiveCardJson {
  return renderTemplate(reporterFeedbackTemplate, language, {
    title: t(language, 'feedback.title', { reference: data.reference }),
    newsText: t(language, `feedback.${data.news}`),
    reference: data.reference,
    news: data.news,
    personalLine: data.personalLine ?? '',
    question: data.question?.text ?? '',
    questionId: data.question?.questionId ?? '',
    answerToken: data.question?.answerToken ?? '',
    signalId: data.signalId,
    answer: data.answer ?? '',
    answerError: data.answerError ? t(language, data.answerError) : '',
  });
}

export function renderSignalUpdate(
  language: Language,
  update: { update: string; signalId: string; reference: string; category: string; urgency: string },
): AdaptiveCardJson {
  return renderTemplate(signalUpdateTemplate, language, {
    title: t(language, `update.${update.update}`),
    signalId: update.signalId,
    reference: update.reference,
    categoryLabel: t(language, `category.${update.category}`),
    urgencyLabel: t(language, `urgency.${update.urgency}`),
  });
}

export function renderHandover(
  language: Language,
  items: { reference: string; status: string; lastNote?: string }[],
): AdaptiveCardJson {
  return renderTemplate(handoverTemplate, language, {
    items: items.map((item) => ({
      reference: item.reference,
      statusLabel: t(language, `status.${item.status}`),
      lastNote: item.lastNote ?? '',
    })),
  });
}

function displayDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}-${month}-${year}`;
}

function displayDate(isoInstant: string): string {
  return displayDay(dateInZone(new Date(isoInstant), MUNICIPAL_TIME_ZONE));
}
