import assert from 'node:assert/strict';
import { caseIdOf } from '../bot/domain/cases/case';
import { stableId } from '../bot/ids';
import type { CosmosStore } from '../bot/storage/cosmos-store';
import { botOnItsOwnStore } from './helpers/own-store';
import { upsertInBatches } from './helpers/seed-documents';
import { OTHER_TENANT, person, TENANT, TestBot } from './helpers/test-bot';

const CARLA = person('Carla Coördinator');
const WORK_LIST = 'c.status = "closed" AND NOT IS_DEFINED(c.retention.anonymisedAt)';
const CASE_LIST = 'c.type = "case" AND c.status = "closed"';

/**
 * The daily retention sweep reads the closed signals it has something to do for (a warning, an
 * anonymisation, a signal or terms that changed), not every closed signal every day: a tenant's
 * years of history cost the store nothing on the days nothing is due. Documents are counted from
 * the store's answers (`x-ms-item-count`) at the real SDK's HTTPS agent.
 */
describe('the retention sweep reads what is due, not the whole closed history', () => {
  let store: CosmosStore;
  const own = botOnItsOwnStore('retention-reads', (ownStore) => {
    store = ownStore;
    return TestBot.start({ store: ownStore, now: '2026-11-30T09:00:00Z', coordinators: [CARLA.aadObjectId] });
  });

  const closedSignal = (tenantId: string, n: number, closedAt: string) => {
    const reference = `OND-2026-${String(n).padStart(4, '0')}`;
    return {
      id: `signal:${stableId(tenantId, 'retention-reads', String(n))}`,
      type: 'signal',
      tenantId,
      reference,
      category: 'drugs',
      location: `Straat ${n}`,
      description: 'Busjes rijden elke nacht af en aan.',
      observedOn: '2026-04-01',
      urgency: 'normal',
      anonymous: false,
      status: 'closed',
      reporterAadObjectId: person(`Melder ${n}`).aadObjectId,
      reporterName: `Melder ${n}`,
      createdAt: '2026-04-01T10:00:00.000Z',
      revision: 3,
      closure: { reason: 'no-follow-up' },
      history: [
        { at: '2026-04-01T10:00:00.000Z', action: 'reported', status: 'new', by: 'reporter' },
        { at: '2026-04-02T10:00:00.000Z', action: 'picked-up', status: 'in-progress', by: CARLA.aadObjectId },
        { at: closedAt, action: 'closed', status: 'closed', by: CARLA.aadObjectId },
      ],
    };
  };

  const closedCase = (n: number) => ({
    id: caseIdOf(`CAS-2026-${String(n).padStart(4, '0')}`),
    type: 'case',
    tenantId: TENANT,
    reference: `CAS-2026-${String(n).padStart(4, '0')}`,
    title: `Casus ${n}`,
    status: 'closed',
    partners: [],
    decisions: [],
    outcome: 'administrative-measure',
    closedAt: '2026-11-01T08:00:00.000Z',
    createdAt: '2026-06-01T08:00:00.000Z',
    createdBy: CARLA.aadObjectId,
    revision: 2,
  });

  /** The day's periodic checks; the documents the retention sweeps' queries read, and all queries'. */
  async function dailyPassOn(day: string): Promise<{ workList: number; cases: number; all: number }> {
    own.bot.clock.set(`${day}T09:00:00Z`);
    own.trips.reset();
    await own.bot.app.runPeriodicChecks();
    const queries = own.trips.requests.filter((request) => request.method === 'QUERY');
    const documents = (picked: typeof queries) =>
      picked.reduce((sum, request) => sum + (request.documents ?? 0), 0);
    return {
      workList: documents(queries.filter((request) => request.query?.includes(WORK_LIST))),
      cases: documents(queries.filter((request) => request.query?.includes(CASE_LIST))),
      all: documents(queries),
    };
  }

  const descriptionOf = async (tenantId: string, n: number) => {
    const id = `signal:${stableId(tenantId, 'retention-reads', String(n))}`;
    const { resource } = await store.container('tenantData').item(id, tenantId).read();
    return resource?.description as string;
  };

  it('reads 403 closed signals and 50 cases on its first day, none the next day, and then only what changed or fell due', async function () {
    this.timeout(60_000);
    // 300 closed at the start of November (term of 6 months: nothing to do until April), three
    // whose term ended in November (warned now, removed four weeks on), 100 in another tenant.
    await upsertInBatches(store.container('tenantData'), TENANT, [
      ...Array.from({ length: 300 }, (_, n) => closedSignal(TENANT, n + 1, '2026-11-01T08:00:00.000Z')),
      ...[301, 302, 303].map((n) => closedSignal(TENANT, n, '2026-05-10T10:00:00.000Z')),
      // Closed cases without signals: their text goes two years after closing.
      ...Array.from({ length: 50 }, (_, n) => closedCase(n + 1)),
    ]);
    await upsertInBatches(
      store.container('tenantData'),
      OTHER_TENANT,
      Array.from({ length: 100 }, (_, n) => closedSignal(OTHER_TENANT, n + 1, '2026-11-01T08:00:00.000Z')),
    );

    const first = await dailyPassOn('2026-11-30');
    assert.equal(first.workList, 403, 'the first pass looks at every closed signal');
    assert.equal(first.cases, 50, 'and at every closed case');
    const quiet = await dailyPassOn('2026-12-01');
    assert.equal(quiet.workList, 0, 'the next day nothing is due, so nothing is read');
    assert.equal(quiet.cases, 0, 'no case either');
    assert.ok(quiet.all <= 5, `the whole pass reads next to nothing: ${quiet.all} documents`);

    // An administrator of the other tenant lengthens a term: its 100 are looked at once, under the new terms.
    await store.container('tenantData').items.upsert({
      id: 'retention-policy',
      type: 'retention-policy',
      tenantId: OTHER_TENANT,
      monthsByReason: { 'no-follow-up': 12, 'insufficient-information': 6, 'forwarded-done': 24, merged: 24 },
      monthsByCategory: {},
      warningWeeks: 4,
    });
    assert.equal(
      (await dailyPassOn('2026-12-02')).workList,
      100,
      'new terms: their tenant is looked at again',
    );
    assert.equal((await dailyPassOn('2026-12-03')).workList, 0);

    // A coordinator places a hold on one signal: a change, so the sweep looks at that one again.
    const carla = own.bot.user(CARLA.name);
    await carla.says('bewaren OND-2026-0007 Lopende bezwaarprocedure');
    assert.equal((await dailyPassOn('2026-12-04')).workList, 1, 'the changed signal, and no other');
    assert.equal((await dailyPassOn('2026-12-05')).workList, 0, 'a held signal waits for its hold to change');

    // Four weeks after the warning: the three are read on the day they are due, and anonymised.
    assert.equal((await dailyPassOn('2026-12-27')).workList, 0, 'not due the day before');
    assert.equal(await descriptionOf(TENANT, 301), 'Busjes rijden elke nacht af en aan.');
    assert.equal((await dailyPassOn('2026-12-28')).workList, 3, 'due today: read today');
    for (const n of [301, 302, 303]) assert.equal(await descriptionOf(TENANT, n), '[verwijderd]');
    assert.equal(await descriptionOf(TENANT, 1), 'Busjes rijden elke nacht af en aan.', 'the others stay');

    // The 300 are warned on the day their warning is due (4 weeks before 1 May), read only then.
    assert.equal((await dailyPassOn('2027-04-02')).workList, 0);
    assert.equal(
      (await dailyPassOn('2027-04-03')).workList,
      299,
      'warned the day it is due; the held one not',
    );
  });
});
