import type { RetentionReview } from '../privacy/signal-retention';
import { PARTNERS, type Partner } from '../signals/signal';

/**
 * How a case ends, as the council report counts it. A short fixed list, so outcomes can be
 * counted and compared between quarters; the details belong in the case meeting's decisions.
 */
export const CASE_OUTCOMES = [
  'administrative-measure',
  'criminal-proceedings',
  'tax',
  'no-further-action',
  'transferred',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Partners a case can involve: every partner except the case meeting itself, which the case is. */
export const CASE_PARTNERS = PARTNERS.filter((partner) => partner !== 'case-meeting');
export type CasePartner = Exclude<Partner, 'case-meeting'>;

/** A dated entry of the case meeting (casustafel). Free text written by a coordinator. */
export interface CaseDecision {
  /** The meeting's date, yyyy-mm-dd. */
  on: string;
  text: string;
  /** The coordinator who wrote it down (an Entra object id). */
  by: string;
  at: string;
}

/**
 * A case (casus): one or more signals worked up for the case meeting. Its signals are the signals
 * whose `caseReference` names it; the case does not keep a copy of that list, so a link lives in
 * one document and cannot disagree with itself. A case holds no reporter identity.
 */
export interface Case {
  id: string;
  type: 'case';
  tenantId: string;
  reference: string;
  title: string;
  status: 'open' | 'closed';
  partners: CasePartner[];
  decisions: CaseDecision[];
  outcome?: CaseOutcome;
  closedAt?: string;
  createdAt: string;
  createdBy: string;
  /** Increases with every change; a card carries it, so an action from an old card is refused. */
  revision: number;
  /** When the retention sweep removed the title and the decisions' text (bot/domain/privacy). */
  anonymisedAt?: string;
  /** The retention sweep's note to itself, as on a signal (RetentionReview). */
  retentionReview?: RetentionReview;
}

/** `CAS-<year>-<4-digit sequence>`, unique per tenant, without gaps like signal references. */
export function formatCaseReference(year: number, sequence: number): string {
  return `CAS-${year}-${String(sequence).padStart(4, '0')}`;
}

/** `cas-2026-1` and `CAS-2026-0001` name the same case. */
export function normaliseCaseReference(text: string): string | undefined {
  const match = /^cas-(\d{4})-(\d{1,6})$/i.exec(text.trim());
  if (!match) return undefined;
  return formatCaseReference(Number(match[1]), Number(match[2]));
}

/** The document id: the reference is unique per tenant, and the tenant is the partition. */
export function caseIdOf(reference: string): string {
  return `case:${reference}`;
}

/** A case id as a card sends it back; anything else (a forged or garbled value) names no case. */
export function isCaseId(value: string): boolean {
  return /^case:CAS-\d{4}-\d{4,6}$/.test(value);
}
