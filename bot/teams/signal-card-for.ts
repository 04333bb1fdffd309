import { renderSignalCard } from '../../cards/coordinator-cards';
import type { AdaptiveCardJson } from '../../cards/render-template';
import type { Role } from '../domain/roles/role';
import type { Signal } from '../domain/signals/signal';
import { isFeedbackOverdue } from '../domain/signals/view-signals';
import type { Turn } from './turn';

/** Builds the signal card for the person in this turn, with colleagues' names looked up once. */
export async function signalCardFor(
  turn: Turn,
  signal: Signal,
  context: {
    roles: Role[];
    assignable: string[];
    coordinators: string[];
    fourEyesClosure: boolean;
    notice?: { text: string; color: 'Good' | 'Attention' };
    draft?: { caseReference?: string };
  },
): Promise<AdaptiveCardJson> {
  const ids = new Set<string>([
    ...context.assignable,
    ...context.coordinators,
    ...signal.history.map((entry) => entry.by),
  ]);
  if (signal.assigneeAadObjectId) ids.add(signal.assigneeAadObjectId);
  for (const entry of signal.history) if (entry.action === 'assigned' && entry.note) ids.add(entry.note);
  // All names at once: one round trip however many colleagues the card names, not one each.
  const people = [...ids].filter((id) => id !== 'reporter' && id !== 'anonymous');
  const profiles = await turn.services.users.findMany(turn.actor.tenantId, people);
  const names = new Map(
    profiles.map((profile) => [profile.aadObjectId, profile.name || profile.aadObjectId]),
  );
  return renderSignalCard(turn.language, {
    signal,
    roles: context.roles,
    actorId: turn.actor.aadObjectId,
    assignable: context.assignable,
    feedbackOverdue: isFeedbackOverdue(signal, turn.services.clock.now()),
    nameOf: (id) => names.get(id) ?? id,
    now: turn.services.clock.now(),
    notice: context.notice,
    coordinators: context.coordinators,
    fourEyesClosure: context.fourEyesClosure,
    draft: context.draft,
  });
}
