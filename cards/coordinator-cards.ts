import { dateInZone, MUNICIPAL_TIME_ZONE } from '../bot/clock';
import type { Role } from '../bot/domain/roles/role';
import { teamsMessageLink } from '../bot/domain/signals/message-prefill';
import { CLOSURE_REASONS, PARTNERS, type Signal } from '../bot/domain/signals/signal';
import type { OpenItems } from '../bot/domain/signals/view-signals';
import { type Language, t } from '../bot/i18n/translate';
import handoverTemplate from './handover.json';
import { historyNote } from './history-note';
import openItemsTemplate from './open-items.json';
import { pendingClosureView } from './pending-closure';
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
  /** Every coordinator, and the four-eyes setting now: what a pending closure card says and offers. */
  coordinators: string[];
  fourEyesClosure: boolean;
  /** What the coordinator typed into an action that was refused, shown again in its input. */
  draft?: { caseReference?: string };
}

/** The coordinator's full signal card: details, history and the actions its state allows. */
export function renderSignalCard(language: Language, data: SignalCardData): AdaptiveCardJson {
  const { signal, roles, actorId, nameOf } = data;
  const coordinator = roles.includes('coordinator');
  const isOpen = signal.status !== 'closed';
  const pending = signal.pendingClosure;
  const pendingView = pendingClosureView(
    language,
    signal,
    { id: actorId, isCoordinator: coordinator },
    {
      coordinators: data.coordinators,
      fourEyesClosure: data.fourEyesClosure,
      nameOf,
      displayDay: displayDate,
    },
  );
  const can = {
    pickUp: coordinator && signal.status === 'new',
    approve: pendingView?.canApprove ?? false,
    reject: pendingView?.canReject ?? false,
    withdraw: pendingView?.canWithdraw ?? false,
    note: isOpen && (coordinator || signal.assigneeAadObjectId === actorId),
    assign: coordinator && isOpen && !pending,
    ask:
      coordinator &&
      !pending &&
      ['in-progress', 'awaiting-reporter', 'forwarded', 'case'].includes(signal.status),
    forward: coordinator && !pending && ['in-progress', 'awaiting-reporter', 'case'].includes(signal.status),
    linkCase:
      coordinator &&
      !pending &&
      ['in-progress', 'awaiting-reporter', 'forwarded', 'case'].includes(signal.status),
    unlinkCase: coordinator && isOpen && !pending && !!signal.caseReference,
    showCase: coordinator && !!signal.caseReference,
    close: coordinator && isOpen && !pending,
    more: false,
  };
  can.more = can.forward || can.linkCase || can.unlinkCase || can.close;
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
    pendingHeadline: pendingView?.headline ?? '',
    pendingText: pendingView?.text ?? '',
    approveTitle: pendingView?.approveTitle ?? '',
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
    caseReference: signal.caseReference ?? '',
    oldCaseName: signal.caseName ?? '',
    draft: { caseReference: data.draft?.caseReference ?? '' },
    closure: signal.closure ? t(language, `closureReason.${signal.closure.reason}`) : '',
    reporter: signal.anonymous ? t(language, 'signalCard.anonymousReporter') : (signal.reporterName ?? ''),
    partnerOrganisation: signal.partner ? signal.partner.organisation : '',
    // Checked when stored, checked again here: only an https link into Teams becomes a button.
    messageLink: teamsMessageLink(signal.messageLink) ?? '',
    location: signal.location,
    ...foldedDescription(signal.description),
    involved: signal.involved ?? '',
    history: signal.history.map((entry) => ({
      when: displayDate(entry.at),
      label: t(language, `historyAction.${entry.action ?? 'reported'}`),
      who: who(entry.by),
      note:
        entry.action === 'assigned' && entry.note ? nameOf(entry.note) : historyNote(language, entry.note),
    })),
    can,
    assignable: data.assignable.map((id) => ({ id, name: nameOf(id) })),
    partners: PARTNERS.map((value) => ({ value, title: t(language, `partner.${value}`) })),
    closureReasons: CLOSURE_REASONS.map((value) => ({ value, title: t(language, `closureReason.${value}`) })),
    today: dateInZone(data.now, MUNICIPAL_TIME_ZONE),
  });
}

/** Long descriptions are folded: the card opens with the start and the buttons stay in view. */
const FOLD_AFTER = 300;

function foldedDescription(description: string) {
  if (description.length <= FOLD_AFTER + 50) return { description, descriptionStart: '', folded: false };
  const cut = description.lastIndexOf(' ', FOLD_AFTER);
  return {
    description,
    descriptionStart: `${description.slice(0, cut > FOLD_AFTER / 2 ? cut : FOLD_AFTER).trimEnd()} …`,
    folded: true,
  };
}

const REASON_COLOR: Record<string, string> = {
  'closure-approval': 'Warning',
  'closure-requested': 'Warning',
  'feedback-overdue': 'Attention',
  new: 'Accent',
};

export function renderOpenItems(language: Language, open: OpenItems): AdaptiveCardJson {
  const total = Object.values(open.counts).reduce((sum, count) => sum + count, 0);
  const pendingClosures = open.counts['closure-approval'] + open.counts['closure-requested'];
  if (open.scope === 'assigned')
    return renderSignalList(language, {
      title: t(language, 'open.assignedTitle'),
      empty: t(language, 'open.assignedEmpty'),
      summary: '',
      items: open.items.map(({ signal }) => ({ signal, label: t(language, `status.${signal.status}`) })),
      pageLabel: open.pages > 1 ? t(language, 'open.page', { page: open.page, pages: open.pages }) : '',
      nextPage: open.page < open.pages ? open.page + 1 : undefined,
    });
  return renderSignalList(language, {
    title: t(language, 'open.title'),
    empty: t(language, 'open.empty'),
    summary: [
      t(language, 'open.counts', {
        new: open.counts.new,
        overdue: open.counts['feedback-overdue'],
        awaiting: open.counts['awaiting-reporter'],
        mine: open.counts.mine,
        total,
      }),
      pendingClosures > 0 ? t(language, 'open.pendingClosures', { count: pendingClosures }) : '',
    ]
      .filter(Boolean)
      .join(' '),
    items: open.items.map(({ signal, reason }) => ({
      signal,
      label: t(language, `open.reason.${reason}`),
      color: REASON_COLOR[reason],
      // "Nieuw" as the reason already says the status; the second line then names only the kind.
      hideStatus: reason === 'new',
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
  items: { signal: Signal; label: string; color?: string; hideStatus?: boolean }[];
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
    items: list.items.map(({ signal, label, color, hideStatus }) => ({
      signalId: signal.id,
      reference: signal.reference,
      reasonLabel: label,
      color: color ?? 'Default',
      urgent: signal.urgency === 'urgent',
      categoryLabel: t(language, `category.${signal.category}`),
      statusLabel: hideStatus ? '' : t(language, `status.${signal.status}`),
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
  /** The question was answered: the card keeps the question and the reporter's own answer, read-only. */
  answered?: boolean;
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
    answered: data.answered ?? false,
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

export function displayDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}-${month}-${year}`;
}

export function displayDate(isoInstant: string): string {
  return displayDay(dateInZone(new Date(isoInstant), MUNICIPAL_TIME_ZONE));
}
