import { dateInZone, MUNICIPAL_TIME_ZONE } from '../bot/clock';
import { CATEGORY_IDS } from '../bot/domain/signals/categories';
import type { Signal } from '../bot/domain/signals/signal';
import { type Language, t } from '../bot/i18n/translate';
import { displayDay } from './coordinator-cards';
import deliveryProblemTemplate from './delivery-problem.json';
import helpTemplate from './help.json';
import mySignalsTemplate from './my-signals.json';
import receiptTemplate from './receipt.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';
import reportFormTemplate from './report-form.json';
import signalNoticeTemplate from './signal-notice.json';
import signalStatusTemplate from './signal-status.json';
import welcomeTemplate from './welcome.json';

export type { AdaptiveCardJson } from './render-template';

/** One typed function per card: the only way handlers build cards. */

export function renderWelcome(language: Language): AdaptiveCardJson {
  return renderTemplate(welcomeTemplate, language, {});
}

/** The commands; coordinators also see theirs. */
export function renderHelp(language: Language, isCoordinator = false, isWerkgroep = false): AdaptiveCardJson {
  return renderTemplate(helpTemplate, language, { isCoordinator, isWerkgroep: isWerkgroep || isCoordinator });
}

export const REPORT_FORM_FIELDS = [
  'category',
  'location',
  'description',
  'observedOn',
  'involved',
  'urgency',
  'anonymous',
  'organisation',
] as const;

export interface ReportFormData {
  formToken: string;
  now: Date;
  /** What the user entered last time, shown again when the form comes back with errors. */
  values?: Record<string, unknown>;
  /** Field name -> message key. */
  errors?: Record<string, string>;
  /** Opened from "Meld als signaal": says so, and keeps the link back to the message on "send". */
  fromMessage?: { messageLink?: string };
  /** A partner fills in their organisation (see bot/domain/roles/partners.ts). */
  askOrganisation?: boolean;
}

export function renderReportForm(language: Language, form: ReportFormData): AdaptiveCardJson {
  const today = dateInZone(form.now, MUNICIPAL_TIME_ZONE);
  // Every field gets a value: a binding to a missing value would be left in the card as literal text.
  const values: Record<string, string> = { observedOn: today, urgency: 'normal', anonymous: 'false' };
  for (const field of REPORT_FORM_FIELDS) {
    values[field] ??= '';
    const value = form.values?.[field];
    if (typeof value === 'string' || typeof value === 'boolean') values[field] = String(value);
  }
  const errors: Record<string, string> = {};
  for (const field of REPORT_FORM_FIELDS)
    errors[field] = form.errors?.[field] ? t(language, form.errors[field]) : '';
  const card = renderTemplate(reportFormTemplate, language, {
    formToken: form.formToken,
    fromMessage: !!form.fromMessage,
    askOrganisation: !!form.askOrganisation,
    today,
    values,
    errors,
    // A message about the whole form (expired, not confirmed) is not a field left wrong.
    hasErrors: Object.keys(form.errors ?? {}).some((field) => field !== 'form'),
    formError: form.errors?.form ? t(language, form.errors.form) : '',
    categories: CATEGORY_IDS.map((id) => ({ value: id, title: t(language, `category.${id}`) })),
  });
  const link = form.fromMessage?.messageLink;
  // Only when there is a link: the plain form's data stays exactly { verb, formToken }.
  if (link)
    for (const action of card.actions as { data?: Record<string, unknown> }[])
      action.data = { ...action.data, messageLink: link };
  return card;
}

/** What a receipt shows of a signal; the location is left out where it was not kept (outbox). */
export type ReceiptFacts = Pick<Signal, 'reference' | 'category' | 'urgency' | 'observedOn' | 'anonymous'> & {
  location?: string;
};

export interface ReceiptData {
  signal: ReceiptFacts;
  receiptCode?: string;
  duplicate: boolean;
}

export function renderReceipt(
  language: Language,
  { signal, receiptCode, duplicate }: ReceiptData,
): AdaptiveCardJson {
  return renderTemplate(receiptTemplate, language, {
    reference: signal.reference,
    receiptCode: receiptCode ? formatReceiptCode(receiptCode) : '',
    categoryLabel: t(language, `category.${signal.category}`),
    urgencyLabel: t(language, `urgency.${signal.urgency}`),
    urgent: signal.urgency === 'urgent',
    location: signal.location ?? '',
    observedOn: displayDay(signal.observedOn),
    anonymous: signal.anonymous,
    duplicate,
  });
}

export interface SignalNoticeData {
  signalId: string;
  reference: string;
  category: string;
  urgency: string;
}

export function renderSignalNotice(language: Language, notice: SignalNoticeData): AdaptiveCardJson {
  return renderTemplate(signalNoticeTemplate, language, {
    reference: notice.reference,
    categoryLabel: t(language, `category.${notice.category}`),
    urgencyLabel: t(language, `urgency.${notice.urgency}`),
    urgent: notice.urgency === 'urgent',
    signalId: notice.signalId,
    instruction: t(language, 'notice.instruction', { reference: notice.reference }),
  });
}

export function renderDeliveryProblem(
  language: Language,
  problem: { recipient: string; failedKind: string },
): AdaptiveCardJson {
  return renderTemplate(deliveryProblemTemplate, language, problem);
}

export function renderMySignals(language: Language, signals: Signal[]): AdaptiveCardJson {
  return renderTemplate(mySignalsTemplate, language, {
    signals: signals.map((signal) => ({
      reference: signal.reference,
      categoryLabel: t(language, `category.${signal.category}`),
      location: signal.location,
      statusLabel: t(language, `status.${signal.status}`),
      reportedOn: formatDate(signal.createdAt),
    })),
  });
}

export function renderSignalStatus(language: Language, signal: Signal): AdaptiveCardJson {
  return renderTemplate(signalStatusTemplate, language, {
    reference: signal.reference,
    categoryLabel: t(language, `category.${signal.category}`),
    statusLabel: t(language, `status.${signal.status}`),
    reportedOn: formatDate(signal.createdAt),
  });
}

function formatReceiptCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function formatDate(isoInstant: string): string {
  const [year, month, day] = dateInZone(new Date(isoInstant), MUNICIPAL_TIME_ZONE).split('-');
  return `${day}-${month}-${year}`;
}
