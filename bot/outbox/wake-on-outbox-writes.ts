import type { OutboxRepository } from './outbox-repository';

/** A fan-out is written in chunks of this many; the dispatcher is woken after each. */
const FIRST_WAKE_AFTER = 100;

/**
 * The outbox as the rest of the bot sees it: every enqueue, and every wake of a recipient's waiting
 * entries, wakes the dispatcher, so it can poll slowly and still deliver at once (signal changes
 * stored together with their messages wake it through bot/domain/signals/waking-signals.ts). No
 * handler needs to kick it. Everything else passes straight through.
 */
export function wakingOutbox(outbox: OutboxRepository, wake: () => void): OutboxRepository {
  const waking = Object.create(outbox) as OutboxRepository;
  waking.enqueue = async (entries) => {
    // A fan-out is written a hundred at a time, and the dispatcher starts on the first hundred
    // while the rest are written (a thousand entries take a second or more to write).
    for (let start = 0; start < entries.length; start += FIRST_WAKE_AFTER) {
      await outbox.enqueue(entries.slice(start, start + FIRST_WAKE_AFTER));
      wake();
    }
  };
  // Entries that waited for the person's 1:1 chat are due now that it is known.
  waking.wakeRecipient = async (tenantId, recipientAadObjectId, now) => {
    await outbox.wakeRecipient(tenantId, recipientAadObjectId, now);
    wake();
  };
  return waking;
}
