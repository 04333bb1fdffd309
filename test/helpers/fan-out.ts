import { openRound } from '../../bot/domain/herijking/herijking-rounds';
import { newOutboxEntry } from '../../bot/outbox/outbox-entry';
import type { CosmosStore } from '../../bot/storage/cosmos-store';
import type { CaptureConnector } from './capture-connector';
import { upsertInBatches } from './seed-documents';
import type { TestBot } from './test-bot';

/** One conversation per werkgroep member, plus the werkgroep channel. */
export interface Werkgroep {
  tenantId: string;
  memberIds: string[];
  /** Every conversation a fan-out to this werkgroep must reach once: the members' chats and the channel. */
  conversationIds: string[];
}

/** What a fan-out came to, as Teams (the connector) saw it. */
export interface FanOutFigures {
  expected: number;
  /** Conversations that got nothing. */
  lost: number;
  /** Messages beyond the first in a conversation. */
  duplicates: number;
  /** Requests answered 429 during the fan-out. */
  throttled: number;
  /** From the write that caused it until the last message arrived (real time). */
  ms: number;
}

const memberId = (tenantId: string, index: number) =>
  `${tenantId.slice(0, 8)}-0000-4000-8000-${String(index).padStart(12, '0')}`;

/**
 * Seeds a werkgroep of `members` people who have all chatted with the bot (so each has a 1:1
 * conversation to send to) and a linked werkgroep channel, written straight to the store (a
 * thousand `help` turns would only slow the simulation down).
 */
export async function seedWerkgroep(
  store: CosmosStore,
  tenantId: string,
  members: number,
  serviceUrl: string,
  now: Date,
): Promise<Werkgroep> {
  const at = now.toISOString();
  const memberIds = Array.from({ length: members }, (_, index) => memberId(tenantId, index));
  const conversation = (id: string, type: string) => ({
    channelId: 'msteams',
    serviceUrl,
    conversation: { id, conversationType: type, tenantId },
    bot: { id: '28:daadkracht', name: 'Daadkracht' },
  });
  const documents: Record<string, unknown>[] = memberIds.flatMap((aadObjectId, index) => [
    {
      id: `role-holder:${aadObjectId}`,
      type: 'role-holder',
      tenantId,
      aadObjectId,
      roles: ['werkgroep'],
      updatedAt: at,
    },
    {
      id: `user:${aadObjectId}`,
      type: 'user',
      tenantId,
      aadObjectId,
      name: `Lid ${index}`,
      personalConversation: {
        ...conversation(`a:fanout-${tenantId}-${index}`, 'personal'),
        user: { id: `29:${aadObjectId}`, aadObjectId },
      },
      welcomedAt: at,
      updatedAt: at,
    },
  ]);
  const channelId = `19:werkgroep-${tenantId}@thread.tacv2`;
  documents.push({
    id: 'werkgroep-channel',
    type: 'werkgroep-channel',
    tenantId,
    conversation: conversation(channelId, 'channel'),
    linkedBy: memberIds[0],
    linkedAt: at,
  });
  await upsertInBatches(store.container('tenantData'), tenantId, documents);
  const conversationIds = [...memberIds.map((_, index) => `a:fanout-${tenantId}-${index}`), channelId];
  return { tenantId, memberIds, conversationIds };
}

/** Opens the quarter's herijking round, as the scheduler does at 09:00: a card to every member and the channel. */
export async function openHerijking(bot: TestBot, tenantId: string): Promise<void> {
  const round = await openRound(bot.app.services, tenantId);
  if (!round) throw new Error('the round was open already');
}

/** An announcement to every member: one message each, enqueued at once (the channel is not included). */
export async function announce(bot: TestBot, werkgroep: Werkgroep, key: string): Promise<void> {
  const now = bot.clock.now();
  await bot.app.services.outbox.enqueue(
    werkgroep.memberIds.map((member) =>
      newOutboxEntry(
        werkgroep.tenantId,
        `announcement:${key}:${member}`,
        member,
        { kind: 'herijking', event: 'reminder', quarter: '2026-Q4', closesOn: '2026-12-15', goals: [] },
        now,
      ),
    ),
  );
}

/**
 * Starts the fan-out (`cause`), waits until every conversation has its message (or nothing more
 * arrives for `quietMs`), and counts what Teams got: lost, duplicates, 429s, time.
 */
export async function measureFanOut(
  connector: CaptureConnector,
  conversationIds: string[],
  cause: () => Promise<void>,
  { quietMs = 5_000, timeoutMs = 300_000, afterAllMs = 1_000 } = {},
): Promise<FanOutFigures> {
  const wanted = new Set(conversationIds);
  const sentBefore = connector.sent.length;
  const throttledBefore = connector.throttled;
  const started = performance.now();
  await cause();
  const arrived = () => connector.sent.slice(sentBefore).filter((sent) => wanted.has(sent.conversationId));
  let lastCount = -1;
  let lastChange = performance.now();
  let doneAt: number | undefined;
  for (;;) {
    const count = arrived().length;
    const now = performance.now();
    if (count !== lastCount) {
      lastCount = count;
      lastChange = now;
    }
    if (doneAt === undefined && new Set(arrived().map((sent) => sent.conversationId)).size === wanted.size) {
      doneAt = now;
    }
    // Once all arrived, wait a little longer: a duplicate would come after.
    if (doneAt !== undefined && now - doneAt > Math.min(quietMs, afterAllMs)) break;
    if (now - lastChange > quietMs || now - started > timeoutMs) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const perConversation = new Map<string, number>();
  for (const sent of arrived()) {
    perConversation.set(sent.conversationId, (perConversation.get(sent.conversationId) ?? 0) + 1);
  }
  return {
    expected: wanted.size,
    lost: wanted.size - perConversation.size,
    duplicates: [...perConversation.values()].reduce((sum, count) => sum + count - 1, 0),
    throttled: connector.throttled - throttledBefore,
    ms: (doneAt ?? lastChange) - started,
  };
}
