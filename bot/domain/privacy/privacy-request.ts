/**
 * A request from a person about their own data (AVG articles 15-21), recorded with its outcome:
 * the register a privacy officer keeps. `subject` names the person as the admin identified them.
 */
export const REQUEST_KINDS = ['access', 'correction', 'erasure', 'restriction', 'objection'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type RequestOutcome = 'answered' | 'granted' | 'partly-granted' | 'refused';

export interface PrivacyRequest {
  id: string;
  type: 'privacy-request';
  tenantId: string;
  /** Shown to the admin, e.g. AVG-7KQ2MX: how the request is referred to in letters. */
  reference: string;
  kind: RequestKind;
  subject: string;
  outcome: RequestOutcome;
  /** Why, in the admin's words; required when refused (the legal ground). */
  reason?: string;
  /** The signals the request concerned (references only). */
  signalReferences: string[];
  recordedBy: string;
  recordedAt: string;
}
