import type { CategoryId } from './categories';

export type SignalStatus = 'new';
export type Urgency = 'normal' | 'urgent';

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
 * nothing on it leads back to the person who reported it.
 */
export interface Signal extends SignalDraft {
  id: string;
  type: 'signal';
  tenantId: string;
  reference: string;
  status: SignalStatus;
  reporterAadObjectId?: string;
  /** sha256 of the receipt code; the code itself is shown to the reporter once and never stored. */
  receiptCodeHash: string;
  createdAt: string;
  history: SignalHistoryEntry[];
}

export interface SignalHistoryEntry {
  at: string;
  status: SignalStatus;
  by: 'reporter' | 'anonymous';
}

/** `OND-<year>-<4-digit sequence>`, unique per tenant. */
export function formatReference(year: number, sequence: number): string {
  return `OND-${year}-${String(sequence).padStart(4, '0')}`;
}
