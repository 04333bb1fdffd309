import type { CosmosStore } from '../../bot/storage/cosmos-store';
import { seedAction, seedRole, seedRound, seedSignal } from '../helpers/figure-fixtures';
import { OTHER_TENANT, person } from '../helpers/test-bot';

export const COORDINATOR = person('Coco Regie');
export const MEMBER = person('Wim Werkgroep');
export const STAFF = person('Sanne Medewerker');

/**
 * A tenant's history as of 25 November 2026 (the test clock), with the figures it should give
 * worked out by hand in the tests that use it.
 */
export async function seedDashboardHistory(store: CosmosStore): Promise<void> {
  await seedRole(store, MEMBER.aadObjectId, ['werkgroep']);
  await seedSignal(store, {
    category: 'drugs',
    status: 'in-progress',
    createdAt: '2026-11-20T09:00:00Z',
    feedbackAt: '2026-11-21T09:00:00Z',
  });
  await seedSignal(store, { category: 'drugs', createdAt: '2026-10-01T09:00:00Z' });
  await seedSignal(store, {
    category: 'holiday-parks',
    createdAt: '2026-09-01T09:00:00Z',
    feedbackAt: '2026-09-20T09:00:00Z',
    forwardedTo: 'riec',
  });
  await seedSignal(store, { category: 'human-trafficking', createdAt: '2026-11-24T09:00:00Z' });
  await seedSignal(store, {
    category: 'money-laundering-real-estate',
    createdAt: '2026-06-01T09:00:00Z',
    feedbackAt: '2026-06-02T09:00:00Z',
    forwardedTo: 'police',
    closedAt: '2026-07-01T09:00:00Z',
  });
  await seedSignal(store, {
    category: 'drugs',
    createdAt: '2025-06-01T09:00:00Z',
    feedbackAt: '2025-06-02T09:00:00Z',
    closedAt: '2025-07-01T09:00:00Z',
  });
  // Another municipality's signal: it must not show anywhere.
  await seedSignal(store, { category: 'drugs', createdAt: '2026-11-01T09:00:00Z', tenantId: OTHER_TENANT });

  await seedAction(store, {
    title: 'Bibob-toets vakantiepark',
    ownerAadObjectId: MEMBER.aadObjectId,
    dueOn: '2026-11-01',
    originalDueOn: '2026-10-15',
    rescheduled: 1,
    status: 'open',
  });
  await seedAction(store, {
    title: 'Voorlichting burgerzaken',
    ownerAadObjectId: MEMBER.aadObjectId,
    dueOn: '2026-12-10',
    status: 'open',
  });
  await seedAction(store, {
    title: 'Informatiebeeld bijwerken',
    ownerAadObjectId: COORDINATOR.aadObjectId,
    dueOn: '2026-11-30',
    status: 'open',
  });
  await seedAction(store, {
    title: 'Werkgroep uitnodigen',
    ownerAadObjectId: COORDINATOR.aadObjectId,
    dueOn: '2026-10-10',
    status: 'done',
    doneAt: '2026-10-09T10:00:00Z',
  });

  await seedRound(
    store,
    '2026-Q3',
    [MEMBER.aadObjectId, COORDINATOR.aadObjectId, person('Xander Afwezig').aadObjectId],
    [
      {
        member: MEMBER.aadObjectId,
        goals: [
          {
            goalId: 'goal:1',
            status: 'behind',
            explanation: 'Het kader is nog niet vastgesteld door het college.',
          },
          { goalId: 'goal:2', status: 'on-track', explanation: 'Beeld bijgewerkt met de RIEC-rapportage.' },
        ],
      },
      {
        member: COORDINATOR.aadObjectId,
        goals: [{ goalId: 'goal:1', status: 'behind', explanation: 'Concept ligt bij juridische zaken.' }],
      },
    ],
  );
}
