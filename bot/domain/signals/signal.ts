import type { SignalRetention } from '../privacy/signal-retention';
import type { CategoryId } from './categories';

export const SIGNAL_STATUSES = [
  'new',
  'in-progress',
  'awaiting-reporter',
  'forwarded',
  'case',
  'closed',
] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];
export type Urgency = 'normal' | 'urgent';

export const PARTNERS = ['riec', 'police', 'om', 'tax-office', 'enforcement', 'case-meeting'] as const;
export type Partner = (typeof PARTNERS)[number];

export const CLOSURE_REASONS = [
  'no-follow-up',
  'forwarded-done',
  'merged',
  'insufficient-information',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** What a reporter fills in; validated by parseSignalForm before anything is stored. */
export interface SignalDraft {
  category: CategoryId;
  location: string;
  description: string;
  observedOn: string;
  involved?: string;
  urgency: Urgency;
  anonymous: boolean;
}

/**
 * A stored signal. An anonymous signal has no `reporterAadObjectId` and no reporter name:
 * nothing on it leads back to the person who reported it. Feedback reaches them through
 * `reporterLinkId`, a sealed link only the message dispatcher opens.
 */
export interface Signal extends SignalDraft {
  id: string;
  type: 'signal';
  tenantId: string;
  reference: string;
  status: SignalStatus;
  reporterAadObjectId?: string;
  reporterName?: string;
  reporterLinkId?: string;
  /** Reported with "Meld als signaal": the link back to the Teams message, for the coordinator. */
  messageLink?: string;
  /** Reported by a partner (someone outside the municipality's staff), with the organisation they named. */
  partner?: { organisation: string };
  /** sha256 of the receipt code; the code itself is shown to the reporter once and never stored. */
  receiptCodeHash: string;
  createdAt: string;
  /** Increases with every change; a card carries it, so an action from an old card is refused. */
  revision: number;
  assigneeAadObjectId?: string;
  forwarded?: { partner: Partner; on: string; note?: string };
  /** The case (casus) this signal is part of: `CAS-<year>-<nnnn>` (bot/domain/cases). */
  caseReference?: string;
  /**
   * Before cases were documents of their own, a case was a name typed on each signal. Kept as it
   * was, shown as "oude casusnaam"; nothing writes it any more (docs/decisions.md).
   */
  caseName?: string;
  closure?: { reason: ClosureReason; note?: string; mergedInto?: string };
  pendingClosure?: {
    reason: ClosureReason;
    note?: string;
    mergedInto?: string;
    requestedBy: string;
    requestedAt: string;
  };
  pendingQuestion?: { id: string; question: string; askedAt: string; answerTokenHash: string };
  /** The date (yyyy-mm-dd, Amsterdam) by which the reporter must hear from us next. */
  feedbackDueOn?: string;
  lastFeedbackAt?: string;
  history: SignalHistoryEntry[];
  /** Retention: warning, legal hold, anonymisation (bot/domain/privacy). */
  retention?: SignalRetention;
}

export type SignalAction =
  | 'reported'
  | 'picked-up'
  | 'assigned'
  | 'note'
  | 'question-asked'
  | 'question-answered'
  | 'forwarded'
  | 'linked-to-case'
  | 'unlinked-from-case'
  | 'closure-requested'
  | 'closure-rejected'
  | 'closure-withdrawn'
  | 'closed';

export interface SignalHistoryEntry {
  at: string;
  action?: SignalAction;
  status: SignalStatus;
  /** An Entra object id, or "reporter" / "anonymous" for the person who reported. */
  by: string;
  note?: string;
}

/** `OND-<year>-<4-digit sequence>`, unique per tenant. */
export function formatReference(year: number, sequence: number): string {
  return `OND-${year}-${String(sequence).padStart(4, '0')}`;
}
