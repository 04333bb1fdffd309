import type { Case, CaseOutcome } from '../../bot/domain/cases/case';
import type { HerijkingAnswer, HerijkingRound } from '../../bot/domain/herijking/round';
import type { RoleHolder } from '../../bot/domain/roles/role';
import type { CategoryId } from '../../bot/domain/signals/categories';
import type { Partner, Signal, SignalHistoryEntry, SignalStatus } from '../../bot/domain/signals/signal';
import type { WerkgroepAction } from '../../bot/domain/werkgroep/werkgroep';
import type { CosmosStore } from '../../bot/storage/cosmos-store';
import { TENANT } from './test-bot';

let sequence = 0;

export interface SignalSeed {
  category: CategoryId;
  status?: SignalStatus;
  createdAt: string;
  /** When the reporter first heard from us. */
  feedbackAt?: string;
  forwardedTo?: Partner;
  closedAt?: string;
  location?: string;
  description?: string;
  involved?: string;
  reporterName?: string;
  tenantId?: string;
}

/** Writes a signal document as the bot stores it, through the real Cosmos SDK and server. */
export async function seedSignal(store: CosmosStore, seed: SignalSeed): Promise<Signal> {
  sequence += 1;
  const tenantId = seed.tenantId ?? TENANT;
  const status = seed.status ?? (seed.closedAt ? 'closed' : seed.forwardedTo ? 'forwarded' : 'new');
  const history: SignalHistoryEntry[] = [
    { at: seed.createdAt, action: 'reported', status: 'new', by: 'reporter' },
  ];
  if (seed.feedbackAt)
    history.push({ at: seed.feedbackAt, action: 'picked-up', status: 'in-progress', by: 'coordinator' });
  if (seed.forwardedTo)
    history.push({
      at: seed.feedbackAt ?? seed.createdAt,
      action: 'forwarded',
      status: 'forwarded',
      by: 'c',
    });
  if (seed.closedAt)
    history.push({ at: seed.closedAt, action: 'closed', status: 'closed', by: 'coordinator' });
  const signal: Signal = {
    id: `signal:fixture-${sequence}`,
    type: 'signal',
    tenantId,
    reference: `OND-${seed.createdAt.slice(0, 4)}-${String(sequence).padStart(4, '0')}`,
    status,
    category: seed.category,
    location: seed.location ?? 'Dorpsstraat 1',
    description: seed.description ?? "Een loods die 's nachts verlicht is.",
    observedOn: seed.createdAt.slice(0, 10),
    involved: seed.involved,
    urgency: 'normal',
    anonymous: !seed.reporterName,
    reporterName: seed.reporterName,
    receiptCodeHash: `hash-${sequence}`,
    createdAt: seed.createdAt,
    revision: history.length,
    forwarded: seed.forwardedTo ? { partner: seed.forwardedTo, on: seed.createdAt.slice(0, 10) } : undefined,
    closure: seed.closedAt ? { reason: 'forwarded-done' } : undefined,
    history,
  };
  await store.container('tenantData').items.create(JSON.parse(JSON.stringify(signal)));
  return signal;
}

export async function seedRole(
  store: CosmosStore,
  aadObjectId: string,
  roles: RoleHolder['roles'],
): Promise<void> {
  const holder: RoleHolder = {
    id: `role-holder:${aadObjectId}`,
    type: 'role-holder',
    tenantId: TENANT,
    aadObjectId,
    roles,
    updatedAt: '2026-01-01T00:00:00Z',
  };
  await store.container('tenantData').items.create(holder);
}

export async function seedAction(
  store: CosmosStore,
  action: Pick<WerkgroepAction, 'title' | 'ownerAadObjectId' | 'dueOn' | 'status'> & Partial<WerkgroepAction>,
): Promise<void> {
  sequence += 1;
  const document: WerkgroepAction = {
    id: `action:fixture-${sequence}`,
    type: 'action',
    tenantId: TENANT,
    createdBy: action.ownerAadObjectId,
    createdAt: '2026-09-01T08:00:00Z',
    revision: 1,
    ...action,
  };
  await store.container('tenantData').items.create(JSON.parse(JSON.stringify(document)));
}

/** A closed herijking round with the given answers (each a list of goal statuses). */
export async function seedRound(
  store: CosmosStore,
  quarter: string,
  invited: string[],
  answers: { member: string; goals: HerijkingAnswer['goals'] }[],
): Promise<void> {
  const round: HerijkingRound = {
    id: `herijking:${quarter}`,
    type: 'herijking-round',
    tenantId: TENANT,
    quarter,
    status: 'closed',
    openedAt: '2026-07-01T07:00:00Z',
    remindOn: '2026-07-08',
    closesOn: '2026-07-15',
    goals: [
      { id: 'goal:1', number: 1, title: 'Handelingskader ondermijning' },
      { id: 'goal:2', number: 2, title: 'Actueel informatiebeeld' },
    ],
    invited,
    reminded: true,
    closedAt: '2026-07-15T07:00:00Z',
  };
  await store.container('tenantData').items.create(round);
  for (const answer of answers) {
    const document: HerijkingAnswer = {
      id: `herijking-answer:${quarter}:${answer.member}`,
      type: 'herijking-answer',
      tenantId: TENANT,
      roundId: round.id,
      memberAadObjectId: answer.member,
      goals: answer.goals,
      submittedAt: '2026-07-10T10:00:00Z',
    };
    await store.container('tenantData').items.create(document);
  }
}

/** A case as the bot stores it, opened (and perhaps closed with an outcome) on the given dates. */
export async function seedCase(
  store: CosmosStore,
  seed: {
    createdAt: string;
    closedAt?: string;
    outcome?: CaseOutcome;
    title?: string;
    decision?: string;
    tenantId?: string;
  },
): Promise<Case> {
  sequence += 1;
  const reference = `CAS-${seed.createdAt.slice(0, 4)}-${String(sequence).padStart(4, '0')}`;
  const document: Case = {
    id: `case:${reference}`,
    type: 'case',
    tenantId: seed.tenantId ?? TENANT,
    reference,
    title: seed.title ?? 'Loods aan de Veldweg',
    status: seed.closedAt ? 'closed' : 'open',
    partners: ['riec'],
    decisions: seed.decision
      ? [{ on: seed.createdAt.slice(0, 10), text: seed.decision, by: 'coordinator', at: seed.createdAt }]
      : [],
    ...(seed.closedAt ? { closedAt: seed.closedAt, outcome: seed.outcome ?? 'no-further-action' } : {}),
    createdAt: seed.createdAt,
    createdBy: 'coordinator',
    revision: 1,
  };
  await store.container('tenantData').items.create(JSON.parse(JSON.stringify(document)));
  return document;
}
