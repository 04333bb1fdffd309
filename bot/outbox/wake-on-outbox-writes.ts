import type { SignalRepository } from '../domain/signals/signal-repository';
import type { OutboxRepository } from './outbox-repository';

/**
 * The repositories as the rest of the bot sees them: every write that creates outbox entries
 * (an enqueue, or a signal change stored together with its messages) wakes the dispatcher, so it
 * can poll slowly and still deliver at once. Everything else passes straight through.
 */
export function wakingOutbox(outbox: OutboxRepository, wake: () => void): OutboxRepository {
  const waking = Object.create(outbox) as OutboxRepository;
  waking.enqueue = async (entries) => {
    await outbox.enqueue(entries);
    if (entries.length > 0) wake();
  };
  return waking;
}

export function wakingSignals(signals: SignalRepository, wake: () => void): SignalRepository {
  const waking = Object.create(signals) as SignalRepository;
  waking.createWithNextSequence = async (tenantId, year, build) => {
    const created = await signals.createWithNextSequence(tenantId, year, build);
    if (created) wake();
    return created;
  };
  waking.saveChange = async (signal, etag, companions) => {
    const saved = await signals.saveChange(signal, etag, companions);
    if (saved && companions.length > 0) wake();
    return saved;
  };
  return waking;
}
