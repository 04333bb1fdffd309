import type { Signal } from '../bot/domain/signals/signal';
import { type Language, t } from '../bot/i18n/translate';
import type { NameOf } from './coordinator-cards';

export interface PendingClosureView {
  /** The line under the title: whose move it is. */
  headline: string;
  /** The sentence under the card, next to the buttons: who asked, who can approve, what can be done. */
  text: string;
  canApprove: boolean;
  approveTitle: string;
  canReject: boolean;
  canWithdraw: boolean;
}

/**
 * What a person sees of a closure waiting for a second coordinator. Nobody is left without a way
 * out: the requester can always withdraw, and when no other coordinator exists the card says so
 * and names what can be done instead.
 */
export function pendingClosureView(
  language: Language,
  signal: Signal,
  viewer: { id: string; isCoordinator: boolean },
  tenant: {
    coordinators: string[];
    fourEyesClosure: boolean;
    nameOf: NameOf;
    displayDay: (iso: string) => string;
  },
): PendingClosureView | undefined {
  const pending = signal.pendingClosure;
  if (!pending) return undefined;
  const mine = pending.requestedBy === viewer.id;
  const approvers = tenant.coordinators.filter((id) => id !== pending.requestedBy);
  const asked = t(language, 'signalCard.pendingText.asked', {
    name: mine ? t(language, 'signalCard.pendingText.you') : tenant.nameOf(pending.requestedBy),
    date: tenant.displayDay(pending.requestedAt),
    reason: t(language, `closureReason.${pending.reason}`),
  });
  const next = (() => {
    if (!tenant.fourEyesClosure) return t(language, 'signalCard.pendingText.fourEyesOff');
    if (approvers.length === 0)
      return t(language, mine ? 'signalCard.pendingText.nobodyMine' : 'signalCard.pendingText.nobody');
    const names = approvers.map(tenant.nameOf).join(', ');
    if (mine) return t(language, 'signalCard.pendingText.waitingMine', { names });
    if (!viewer.isCoordinator) return t(language, 'signalCard.pendingText.waiting', { names });
    return t(language, 'signalCard.pendingText.yourTurn');
  })();
  const coordinator = viewer.isCoordinator;
  return {
    headline: t(
      language,
      tenant.fourEyesClosure ? 'signalCard.pendingClosure' : 'signalCard.pendingClosureFourEyesOff',
    ),
    text: `${asked} ${next}`,
    canApprove: coordinator && (!mine || !tenant.fourEyesClosure),
    approveTitle: t(language, mine ? 'signalCard.finishClosure' : 'signalCard.approve'),
    canReject: coordinator && !mine,
    canWithdraw: coordinator && mine,
  };
}
