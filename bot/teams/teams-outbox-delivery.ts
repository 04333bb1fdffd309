import { CardFactory, type CloudAdapter, type ConversationReference, MessageFactory } from 'botbuilder';
import {
  type AdaptiveCardJson,
  type ReceiptFacts,
  renderDeliveryProblem,
  renderReceipt,
  renderSignalNotice,
} from '../../cards';
import { renderHandover, renderReporterFeedback, renderSignalUpdate } from '../../cards/coordinator-cards';
import { renderAgendaDigest } from '../../cards/meeting-cards';
import { renderMonthlyCase } from '../../cards/monthly-case-cards';
import { renderRetentionWarning } from '../../cards/privacy-cards';
import {
  renderActionReminder,
  renderHerijkingForm,
  renderHerijkingNotice,
  renderHerijkingSummary,
} from '../../cards/werkgroep-cards';
import type { Clock } from '../clock';
import { WERKGROEP_CHANNEL } from '../domain/herijking/herijking-rounds';
import type { OutboxMessage } from '../domain/outbox-messages';
import type { ReceiptCodeOf } from '../domain/signals/receipt-codes';
import { isLinkRecipient, linkIdOf, type ReporterLinkRepository } from '../domain/signals/reporter-link';
import type { TenantSettingsRepository } from '../domain/tenants/tenant-settings';
import type { UserProfile, UserProfileRepository } from '../domain/users/user-profile';
import type { WerkgroepChannel } from '../domain/werkgroep/werkgroep';
import type { DocumentStore } from '../domain/werkgroep/werkgroep-repositories';
import { calendarUrl } from '../http/calendar-route';
import type { Language } from '../i18n/translate';
import type { DeliveryOutcome, OutboxDelivery } from '../outbox/outbox-dispatcher';
import type { OutboxEntry } from '../outbox/outbox-entry';
import { outboxDeliveryIdentity, whenRequestLeaves } from './outbox-owned-retries';
import { playbookLink } from './playbook-link';

export interface DeliveryDeps {
  users: UserProfileRepository;
  reporterLinks: ReporterLinkRepository;
  channels: DocumentStore<WerkgroepChannel>;
  tenantSettings: TenantSettingsRepository;
  clock: Clock;
  /** Derives the code on a receipt sent by message (the outbox keeps the form token, not the code). */
  receiptCodeOf: ReceiptCodeOf;
  publicBaseUrl?: string;
}

/** Sends outbox entries through Teams, rendered in the recipient's language. */
export class TeamsOutboxDelivery implements OutboxDelivery {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The app id of the bot registration that serves a tenant ('' in local mode). */
    private readonly appIdFor: (tenantId: string) => string,
    private readonly deps: DeliveryDeps,
  ) {}

  /** Profiles read ahead for entries about to be delivered; each is used once. */
  private readonly readAhead = new Map<string, UserProfile>();

  /** Reads the people's profiles for a batch in one request per tenant instead of one read each. */
  async prepare(entries: OutboxEntry[]): Promise<void> {
    const people = new Map<string, Set<string>>();
    for (const { tenantId, recipientAadObjectId: recipient } of entries) {
      if (isLinkRecipient(recipient) || recipient === WERKGROEP_CHANNEL) continue;
      people.set(tenantId, (people.get(tenantId) ?? new Set()).add(recipient));
    }
    // Entries that were never delivered (deferred, taken over) must not pile up their profiles.
    if (this.readAhead.size > 5_000) this.readAhead.clear();
    for (const [tenantId, ids] of people) {
      // One person (a report's notice, a reply's feedback): a point read, not a query. A query
      // costs the store a second request (the SDK asks for its plan alongside) and more CPU.
      const [only] = ids;
      const profiles =
        ids.size === 1 && only !== undefined
          ? [await this.deps.users.find(tenantId, only)]
          : await this.deps.users.findMany(tenantId, [...ids]);
      for (const profile of profiles) {
        if (profile) this.readAhead.set(readAheadKey(tenantId, profile.aadObjectId), profile);
      }
    }
  }

  async deliver(entry: OutboxEntry, onRequest?: () => void): Promise<DeliveryOutcome> {
    const recipient = await this.resolve(entry);
    if (!recipient) return { kind: 'no-conversation' };
    const appId = this.appIdFor(entry.tenantId);
    const card = renderMessage(entry, recipient.language, this.deps, appId);
    return this.send(appId, recipient.conversation, card, onRequest);
  }

  /** Where to send: a person's 1:1 chat, the werkgroep channel, or an anonymous reporter's sealed link. */
  private async resolve(
    entry: OutboxEntry,
  ): Promise<{ conversation: Record<string, unknown>; language: Language } | undefined> {
    const { users, reporterLinks, channels, tenantSettings } = this.deps;
    const tenantLanguage = async () => (await tenantSettings.get(entry.tenantId)).defaultLanguage;
    if (isLinkRecipient(entry.recipientAadObjectId)) {
      const link = await reporterLinks.find(entry.tenantId, linkIdOf(entry.recipientAadObjectId));
      return link ? { conversation: link.conversation, language: link.language } : undefined;
    }
    if (entry.recipientAadObjectId === WERKGROEP_CHANNEL) {
      const channel = await channels.find(entry.tenantId, 'werkgroep-channel');
      return channel ? { conversation: channel.conversation, language: await tenantLanguage() } : undefined;
    }
    const key = readAheadKey(entry.tenantId, entry.recipientAadObjectId);
    const readAhead = this.readAhead.get(key);
    this.readAhead.delete(key);
    const profile = readAhead ?? (await users.find(entry.tenantId, entry.recipientAadObjectId));
    if (!profile?.personalConversation) return undefined;
    return {
      conversation: profile.personalConversation,
      language: profile.language ?? (await tenantLanguage()),
    };
  }

  private async send(
    botAppId: string,
    conversation: Record<string, unknown>,
    card: AdaptiveCardJson,
    onRequest?: () => void,
  ): Promise<DeliveryOutcome> {
    // The adapter hands errors inside the callback to onTurnError and swallows them, so the
    // send's own failure is caught here, where its status code still means something.
    let sendError: unknown;
    try {
      await whenRequestLeaves(conversationIdOf(conversation), onRequest, () =>
        this.adapter.continueConversationAsync(
          outboxDeliveryIdentity(botAppId),
          conversation as Partial<ConversationReference>,
          async (context) => {
            try {
              await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
            } catch (error) {
              sendError = error;
            }
          },
        ),
      );
    } catch (error) {
      sendError ??= error;
    }
    return sendError === undefined ? { kind: 'sent' } : outcomeOf(sendError);
  }
}

const readAheadKey = (tenantId: string, aadObjectId: string) => `${tenantId}\n${aadObjectId}`;

/** The stored conversation reference's conversation id (what the connector request's URL names). */
function conversationIdOf(reference: Record<string, unknown>): string | undefined {
  const { conversation } = reference as { conversation?: { id?: unknown } };
  return typeof conversation?.id === 'string' ? conversation.id : undefined;
}

function renderMessage(
  entry: OutboxEntry,
  language: Language,
  deps: DeliveryDeps,
  appId = '',
): AdaptiveCardJson {
  // Only the domain writes outbox entries (bot/domain/outbox-messages.ts): one of its messages.
  const message = entry.message as OutboxMessage;
  const now = deps.clock.now();
  switch (message.kind) {
    case 'signal-notice':
      return renderSignalNotice(language, message);
    case 'signal-receipt':
      return renderReceipt(language, {
        signal: message as ReceiptFacts,
        receiptCode: deps.receiptCodeOf(entry.tenantId, message.formToken),
        duplicate: false,
      });
    case 'signal-update':
      return renderSignalUpdate(language, message);
    case 'reporter-feedback':
      return renderReporterFeedback(language, message);
    case 'handover':
      return renderHandover(language, message.items);
    case 'action-reminder':
      return renderActionReminder(language, message, now);
    case 'herijking':
      return message.event === 'opened'
        ? renderHerijkingNotice(language, message)
        : renderHerijkingPrompt(language, message);
    case 'herijking-summary':
      return renderHerijkingSummary(language, message);
    case 'agenda-digest':
      return renderAgendaDigest(
        language,
        message,
        calendarUrl(deps.publicBaseUrl, entry.tenantId, message.calendarToken),
      );
    case 'delivery-problem':
      return renderDeliveryProblem(language, {
        recipient: message.unreachableAadObjectId,
        failedKind: message.failedKind,
      });
    case 'retention-warning':
      return renderRetentionWarning(language, message.items);
    case 'monthly-case':
      return renderMonthlyCase(language, {
        ...message,
        isChannel: entry.recipientAadObjectId === WERKGROEP_CHANNEL,
        link: playbookLink(appId, deps.publicBaseUrl) ?? '',
      });
  }
}

/** Maps the connector's answer to what the dispatcher should do next. */
export function outcomeOf(error: unknown): DeliveryOutcome {
  const failure = error as {
    statusCode?: number;
    response?: { headers?: { get?(name: string): string | undefined } };
  };
  const status = failure?.statusCode;
  if (status === 429) {
    const header = failure.response?.headers?.get?.('retry-after');
    return { kind: 'throttled', retryAfterMs: retryAfterMs(header) };
  }
  if (status === 403 || status === 404) return { kind: 'unreachable', status };
  return { kind: 'failed', status };
}

function retryAfterMs(header: string | undefined): number {
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10 * 60_000);
  const date = header ? Date.parse(header) : Number.NaN;
  if (Number.isFinite(date)) return Math.max(0, Math.min(date - Date.now(), 10 * 60_000));
  return 5_000;
}

/** A member's personal herijking card: the notice, with the form right under it. */
function renderHerijkingPrompt(
  language: Language,
  message: { event: string; quarter: string; closesOn: string; goals: { number: number; title: string }[] },
): AdaptiveCardJson {
  return renderHerijkingForm(language, message, { headingKey: `herijking.${message.event}Title` });
}
