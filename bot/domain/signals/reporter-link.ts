import type { Language } from '../../i18n/translate';

/**
 * How to reach the reporter of an anonymous signal without knowing who they are: the 1:1
 * conversation only, with the user's identity stripped from it. The signal holds just the link's
 * id; no coordinator-facing code reads this document, only the message dispatcher.
 */
export interface ReporterLink {
  id: string;
  type: 'reporter-link';
  tenantId: string;
  conversation: Record<string, unknown>;
  language: Language;
}

export interface ReporterLinkRepository {
  find(tenantId: string, linkId: string): Promise<ReporterLink | undefined>;
}

/** The outbox recipient for a sealed link; never an Entra id. */
export const linkRecipient = (linkId: string) => `link:${linkId}`;
export const isLinkRecipient = (recipient: string) => recipient.startsWith('link:');
export const linkIdOf = (recipient: string) => recipient.slice('link:'.length);

/** A conversation reference without the person in it. */
export function withoutUser(reference: Record<string, unknown>): Record<string, unknown> {
  const { user, ...rest } = reference;
  return rest;
}
