import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { NotFoundError } from '../errors';
import type { Signal } from './signal';
import type { SignalRepository } from './signal-repository';
import { receiptCodeHash } from './submit-signal';

export interface ReadSignalsDeps {
  signals: SignalRepository;
  audit: AuditLog;
  clock: Clock;
}

/** How many of their own reports `mijn meldingen` shows. */
export const MY_SIGNALS_LIMIT = 20;

/** The actor's own, non-anonymous signals, newest first. */
export async function listMySignals(deps: ReadSignalsDeps, actor: Actor): Promise<Signal[]> {
  const signals = await deps.signals.listByReporter(actor.tenantId, actor.aadObjectId, MY_SIGNALS_LIMIT);
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'signal.list-viewed',
    subjectId: `reporter:${actor.aadObjectId}`,
    at: deps.clock.now().toISOString(),
  });
  return signals;
}

const RECEIPT_CODE = /^[A-Za-z0-9]{8}$/;

/**
 * The status of a signal by its receipt code: how an anonymous reporter follows up without the
 * bot ever linking the signal to them. The audit entry names no actor for the same reason.
 */
export async function signalByReceiptCode(
  deps: ReadSignalsDeps,
  actor: Actor,
  code: string,
): Promise<Signal> {
  const cleaned = code.replace(/[\s-]/g, '');
  if (!RECEIPT_CODE.test(cleaned)) throw new NotFoundError('receipt-code');
  const signal = await deps.signals.findByReceiptCodeHash(
    actor.tenantId,
    receiptCodeHash(actor.tenantId, cleaned),
  );
  if (!signal) throw new NotFoundError('receipt-code');
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: 'anonymous',
    action: 'signal.status-viewed',
    subjectId: signal.id,
    at: deps.clock.now().toISOString(),
  });
  return signal;
}
