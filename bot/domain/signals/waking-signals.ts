import type { SignalRepository } from './signal-repository';

/**
 * The signal repository as the rest of the bot sees it: a write that stores outbox messages with
 * the signal (a new report, a change with its notices) calls `wake`, so the outbox's dispatcher
 * delivers them at once instead of at its slow safety poll. Everything else passes straight through.
 */
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
