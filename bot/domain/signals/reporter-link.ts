import type { Language } from '../../i18n/translate';
import { type LinkSealer, linkBinding, type Sealed } from '../privacy/link-sealer';

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

/**
 * The link as stored: the conversation encrypted (bot/domain/privacy/link-sealer.ts). Links written
 * before encryption still carry `conversation` in plain text until the daily re-seal encrypts them.
 */
export interface StoredReporterLink extends Omit<ReporterLink, 'conversation'> {
  sealed?: Sealed;
  conversation?: Record<string, unknown>;
}

/** Encrypts the conversation for storage. */
export function sealReporterLink(sealer: LinkSealer, link: ReporterLink): StoredReporterLink {
  const { conversation, ...rest } = link;
  return { ...rest, sealed: sealer.seal(conversation, linkBinding(link.tenantId, link.id)) };
}

/** Decrypts a stored link; a plain legacy one is passed through. */
export function openReporterLink(sealer: LinkSealer, stored: StoredReporterLink): ReporterLink {
  const { sealed, conversation, ...rest } = stored;
  if (sealed) return { ...rest, conversation: sealer.open(sealed, linkBinding(stored.tenantId, stored.id)) };
  if (conversation) return { ...rest, conversation };
  throw new Error('reporter link has neither a sealed nor a plain conversation');
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
