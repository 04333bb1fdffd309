import assert from 'node:assert/strict';
import type { Container } from '@azure/cosmos';
import type { Actor } from '../bot/domain/actor';
import { type MonthlyCaseQueue, QUEUE_ID } from '../bot/domain/monthly-case/case-queue';
import {
  addQueuedCase,
  type CaseQueueDeps,
  removeQueuedCase,
} from '../bot/domain/monthly-case/manage-case-queue';
import { moveMonthlyCaseSchedule } from '../bot/domain/monthly-case/monthly-case-schedule';
import { MONTHLY_CASE_SCHEDULE_ID, monthlyCaseRrule } from '../bot/domain/monthly-case/monthly-case-settings';
import { sendMonthlyCase } from '../bot/domain/monthly-case/send-monthly-case';
import type { StoredPlaybook } from '../bot/domain/playbook/playbook';
import { LinkSealer } from '../bot/domain/privacy/link-sealer';
import { changeRetentionPolicy } from '../bot/domain/privacy/manage-retention';
import type { RetentionPolicy } from '../bot/domain/privacy/retention-policy';
import { setRole } from '../bot/domain/roles/manage-roles';
import { roleDirectory } from '../bot/domain/roles/role-directory';
import { type ReporterLink, sealReporterLink } from '../bot/domain/signals/reporter-link';
import { defaultTenantSettings } from '../bot/domain/tenants/default-tenant-settings';
import { linkWerkgroepChannel } from '../bot/domain/werkgroep/manage-werkgroep';
import { playbookSeed } from '../bot/i18n/playbook-seed';
import { newOutboxEntry } from '../bot/outbox/outbox-entry';
import { CosmosScheduleRepository } from '../bot/scheduling/cosmos-schedule-repository';
import { newSchedule } from '../bot/scheduling/schedule';
import { CosmosAuditLog } from '../bot/storage/cosmos-audit-log';
import { CosmosDocuments } from '../bot/storage/cosmos-documents';
import { CosmosProcessedActivities, TURN_LEASE_MS } from '../bot/storage/cosmos-processed-activities';
import { CosmosReporterLinkRepository } from '../bot/storage/cosmos-reporter-link-repository';
import { CosmosRetentionStore } from '../bot/storage/cosmos-retention-for-privacy';
import { CosmosRoleRepository } from '../bot/storage/cosmos-role-repository';
import { CosmosTenantSettingsRepository } from '../bot/storage/cosmos-tenant-settings-repository';
import { parseKeyRing } from '../bot/storage/reporter-link-keys-for-privacy';
import { ManualClock } from './helpers/manual-clock';
import { CAST, introduce, regieEnv } from './helpers/regie-fixtures';
import { SequenceIds } from './helpers/sequence-ids';
import { freshStore } from './helpers/shared-cosmos';
import { TENANT as BOT_TENANT, cardText, person, TestBot } from './helpers/test-bot';

const TENANT = 'tenant-gemeente-a';
const NOW = '2027-03-01T09:00:00Z';

const DEFAULTS = defaultTenantSettings('nl');

/** One store, and what each of two bot instances builds on it. */
async function twoInstances() {
  const store = await freshStore();
  const container: Container = store.container('tenantData');
  const instance = (name: string) => {
    const roleRepository = new CosmosRoleRepository(container);
    const clock = new ManualClock(NOW);
    const ids = new SequenceIds(name);
    const queueDeps: CaseQueueDeps = {
      caseQueues: new CosmosDocuments<MonthlyCaseQueue>(container, 'monthly-case-queue'),
      playbooks: new CosmosDocuments<StoredPlaybook>(container, 'playbook'),
      tenantSettings: new CosmosTenantSettingsRepository(container, DEFAULTS),
      roles: roleDirectory(roleRepository, { admins: [], coordinators: ['carla', 'dave'] }),
      audit: new CosmosAuditLog(store.container('audit'), ids),
      clock,
      ids,
      seedFor: playbookSeed,
    };
    const retentionDeps = {
      retention: { policies: new CosmosDocuments<RetentionPolicy>(container, 'retention-policy') },
      roles: roleDirectory(roleRepository, { admins: ['ada', 'bert'], coordinators: [] }),
      audit: queueDeps.audit,
      clock,
    };
    return {
      settings: new CosmosTenantSettingsRepository(container, DEFAULTS),
      roleRepository,
      clock,
      queueDeps,
      retentionDeps,
    };
  };
  return [instance('here-'), instance('there-')] as const;
}

const coordinator = (aadObjectId: string): Actor => ({ tenantId: TENANT, aadObjectId, name: aadObjectId });

describe('settings, roles and the case queue changed by two instances at once', () => {
  it('keeps every settings change made on two instances at the same moment, also before any were stored', async () => {
    const [here, there] = await twoInstances();
    await Promise.all([
      here.settings.update(TENANT, (current) => ({ ...current, defaultLanguage: 'en' })),
      there.settings.update(TENANT, (current) => ({ ...current, fourEyesClosure: false })),
      here.settings.update(TENANT, (current) => ({ ...current, extraNonWorkingDays: ['2027-02-02'] })),
      there.settings.update(TENANT, (current) => ({ ...current, councilReportThreshold: 7 })),
      here.settings.update(TENANT, (current) => ({
        ...current,
        monthlyCase: { ...current.monthlyCase, audience: 'channel' },
      })),
    ]);
    const stored = await there.settings.get(TENANT);
    assert.equal(stored.defaultLanguage, 'en', 'the language change is kept');
    assert.equal(stored.fourEyesClosure, false, 'four eyes turned off is kept');
    assert.deepEqual(stored.extraNonWorkingDays, ['2027-02-02'], 'the closing day is kept');
    assert.equal(stored.councilReportThreshold, 7, 'the threshold is kept');
    assert.equal(stored.monthlyCase.audience, 'channel', 'the case of the month to the channel is kept');
  });

  it('answers a settings change with what the store holds after it, changes of the other instance included', async () => {
    const [here, there] = await twoInstances();
    await there.settings.update(TENANT, (current) => ({ ...current, councilReportThreshold: 9 }));
    const answered = await here.settings.update(TENANT, (current) => ({ ...current, defaultLanguage: 'en' }));
    assert.equal(answered.councilReportThreshold, 9);
    assert.equal(answered.defaultLanguage, 'en');
  });

  it('keeps both roles when two administrators on two instances give one person a role at the same moment', async () => {
    const [here, there] = await twoInstances();
    await Promise.all([
      setRole(here, TENANT, 'noor', 'coordinator', true),
      setRole(there, TENANT, 'noor', 'werkgroep', true),
      setRole(here, TENANT, 'noor', 'admin', true),
    ]);
    const stored = await there.roleRepository.find(TENANT, 'noor');
    assert.deepEqual([...(stored?.roles ?? [])].sort(), ['admin', 'coordinator', 'werkgroep']);
    await Promise.all([
      setRole(here, TENANT, 'noor', 'coordinator', false),
      setRole(there, TENANT, 'noor', 'admin', false),
    ]);
    assert.deepEqual((await here.roleRepository.find(TENANT, 'noor'))?.roles, ['werkgroep']);
  });

  it('refuses a partner role given at the same moment as another role on the other instance, whichever lands first', async () => {
    const [here, there] = await twoInstances();
    const results = await Promise.allSettled([
      setRole(here, TENANT, 'piet', 'werkgroep', true),
      setRole(there, TENANT, 'piet', 'partner', true),
    ]);
    assert.equal(results.filter((result) => result.status === 'rejected').length, 1, 'one is refused');
    const roles = (await here.roleRepository.find(TENANT, 'piet'))?.roles ?? [];
    assert.equal(roles.length, 1, `never a partner and another role together: ${roles.join(', ')}`);
  });

  it('keeps every retention term two administrators on two instances change at the same moment', async () => {
    const [here, there] = await twoInstances();
    const admin = (aadObjectId: string): Actor => ({ tenantId: TENANT, aadObjectId, name: aadObjectId });
    const answers = await Promise.all([
      changeRetentionPolicy(here.retentionDeps, admin('ada'), {
        kind: 'reason',
        reason: 'no-follow-up',
        months: 7,
      }),
      changeRetentionPolicy(there.retentionDeps, admin('bert'), { kind: 'warning', weeks: 3 }),
      changeRetentionPolicy(here.retentionDeps, admin('ada'), {
        kind: 'category',
        category: 'drugs',
        months: 48,
      }),
    ]);
    const stored = await here.retentionDeps.retention.policies.find(TENANT, 'retention-policy');
    assert.equal(stored?.monthsByReason['no-follow-up'], 7, 'the term for no follow-up is kept');
    assert.equal(stored?.warningWeeks, 3, 'the warning is kept');
    assert.equal(stored?.monthsByCategory.drugs, 48, 'the term for drugs is kept');
    assert.equal(answers[0]?.monthsByReason['no-follow-up'], 7, 'each answer shows its own change');
    assert.equal('_etag' in (answers[1] ?? {}), false, 'answered as a policy, not a stored document');
  });

  it('keeps every case two coordinators on two instances add to the queue at the same moment', async () => {
    const [here, there] = await twoInstances();
    const text = (n: number) => `Een casus van de maand, nummer ${n}, met genoeg tekst.`;
    await Promise.all([
      addQueuedCase(here.queueDeps, coordinator('carla'), text(1)),
      addQueuedCase(there.queueDeps, coordinator('dave'), text(2)),
      addQueuedCase(here.queueDeps, coordinator('carla'), text(3)),
      addQueuedCase(there.queueDeps, coordinator('dave'), text(4)),
    ]);
    const stored = await here.queueDeps.caseQueues.find(TENANT, QUEUE_ID);
    assert.deepEqual(stored?.queue.map((item) => item.text).sort(), [text(1), text(2), text(3), text(4)]);
    const [first, second] = stored?.queue ?? [];
    await Promise.all([
      removeQueuedCase(here.queueDeps, coordinator('carla'), first?.id ?? ''),
      addQueuedCase(there.queueDeps, coordinator('dave'), text(5)),
      removeQueuedCase(there.queueDeps, coordinator('dave'), second?.id ?? ''),
    ]);
    const after = await there.queueDeps.caseQueues.find(TENANT, QUEUE_ID);
    assert.equal(after?.queue.length, 3, 'two removed, one added');
    assert.ok(after?.queue.some((item) => item.text === text(5)));
  });
});

describe('the dedupe marker of a turn, claimed by several instances at once', () => {
  const instances = async (count: number) => {
    const container = (await freshStore()).container('tenantData');
    return Array.from({ length: count }, () => new CosmosProcessedActivities(container));
  };
  const at = (ms: number) => new Date(Date.parse(NOW) + ms);

  it('lets one instance run a redelivered activity, and none once it is finished', async () => {
    const markers = await instances(3);
    const first = await Promise.all(markers.map((marker) => marker.claim(TENANT, 'activity-1', at(0))));
    assert.deepEqual([...first].sort(), ['claimed', 'in-progress', 'in-progress']);
    await markers[0]?.finish(TENANT, 'activity-1', at(500));
    const again = await Promise.all(markers.map((marker) => marker.claim(TENANT, 'activity-1', at(1000))));
    assert.deepEqual(
      again,
      ['finished', 'finished', 'finished'],
      'a redelivery after the answer does nothing',
    );
  });

  it('lets exactly one instance take over a turn whose process died, after its lease', async () => {
    const markers = await instances(5);
    assert.equal(await markers[0]?.claim(TENANT, 'activity-2', at(0)), 'claimed');
    // The process died mid-turn: Teams redelivers to every instance after the lease.
    const later = at(TURN_LEASE_MS + 1);
    const taken = await Promise.all(markers.map((marker) => marker.claim(TENANT, 'activity-2', later)));
    assert.equal(taken.filter((claim) => claim === 'claimed').length, 1, `one taker: ${taken.join(', ')}`);
  });

  it('lets a released activity be claimed again (the turn failed before it answered)', async () => {
    const [here, there] = await instances(2);
    assert.equal(await here?.claim(TENANT, 'activity-3', at(0)), 'claimed');
    await here?.release(TENANT, 'activity-3');
    assert.equal(await there?.claim(TENANT, 'activity-3', at(100)), 'claimed');
  });
});

describe('sealed links re-sealed by two instances at once', () => {
  it('re-seals every link once with the current key, a link the other instance did first counting as done', async () => {
    const container = (await freshStore()).container('tenantData');
    const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
    const old = new LinkSealer(parseKeyRing(`k1:${key(1)}`));
    const rotated = new LinkSealer(parseKeyRing(`k2:${key(2)},k1:${key(1)}`));
    const links: ReporterLink[] = Array.from({ length: 8 }, (_, i) => ({
      id: `reporter-link:${i}`,
      type: 'reporter-link',
      tenantId: TENANT,
      conversation: { conversation: { id: `a:anonymous-${i}` } },
      language: 'nl',
    }));
    for (const link of links) await container.items.create(sealReporterLink(old, link));
    const here = new CosmosReporterLinkRepository(container, rotated);
    const there = new CosmosReporterLinkRepository(container, rotated);
    const counts = await Promise.all([here.resealAll(), there.resealAll()]);
    assert.equal(counts[0] + counts[1], links.length, `each link re-sealed once (${counts.join(' + ')})`);
    const { resources } = await container.items
      .query<{ id: string; sealed?: { keyId: string }; _etag?: string }>(
        'SELECT * FROM c WHERE c.type = "reporter-link"',
      )
      .fetchAll();
    assert.deepEqual(
      resources.map((stored) => stored.sealed?.keyId),
      links.map(() => 'k2'),
    );
    for (const link of links) {
      const opened = await there.find(TENANT, link.id);
      assert.deepEqual(opened, link, 'opens to the same conversation, and nothing of storage in it');
    }
  });
});

/**
 * The real container, except that the answer of its next query (or point read) arrives after
 * `meanwhile` wrote: what another instance does between a read and the write that follows it.
 */
function overtakenAfterNextRead(container: Container, meanwhile: () => Promise<void>): Container {
  let pending: (() => Promise<void>) | undefined = meanwhile;
  const overtaken = async <R>(answer: R): Promise<R> => {
    const write = pending;
    pending = undefined;
    await write?.();
    return answer;
  };
  const passOn = <T extends object>(target: T, property: string | symbol) => {
    const value = Reflect.get(target, property);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  // Only fetchAll is asked of a query's iterator here (the SDK's own iterator is a proxy too).
  const query = (...args: Parameters<Container['items']['query']>) => {
    const iterator = container.items.query(...args);
    return { fetchAll: async () => overtaken(await iterator.fetchAll()) };
  };
  const items = new Proxy(container.items, {
    get: (target, property) => (property === 'query' ? query : passOn(target, property)),
  });
  const item = (id: string, partitionKey: string) => {
    const real = container.item(id, partitionKey);
    const read = async (...args: Parameters<typeof real.read>) => overtaken(await real.read(...args));
    return new Proxy(real, {
      get: (target, property) => (property === 'read' ? read : passOn(target, property)),
    });
  };
  return new Proxy(container, {
    get: (target, property) =>
      property === 'items' ? items : property === 'item' ? item : passOn(target, property),
  });
}

describe('the retention sweep scrubbing a message the dispatcher changes at the same moment', () => {
  it("scrubs the signal's last note from a handover message and keeps the dispatcher's change", async () => {
    const store = await freshStore();
    const container = store.container('tenantData');
    const handover = newOutboxEntry(
      TENANT,
      'handover:1',
      'carla',
      {
        kind: 'handover',
        fromAadObjectId: 'dave',
        items: [
          { reference: 'OND-2027-0001', status: 'closed', lastNote: 'Bewoner van nummer 12 gesproken' },
          { reference: 'OND-2027-0002', status: 'open', lastNote: 'Nog navragen' },
        ],
      },
      new Date(NOW),
    );
    await container.items.create(handover);
    // The dispatcher records a failed attempt after the sweep read the message, before it writes.
    const dispatcher = async () => {
      await container.item(handover.id, TENANT).replace({ ...handover, attempts: 1 });
    };
    const sweep = new CosmosRetentionStore(
      overtakenAfterNextRead(container, dispatcher),
      store.container('outboxHistory'),
    );
    await sweep.removeOutboxTraces(TENANT, 'signal-1', 'OND-2027-0001');
    const { resource } = await container.item(handover.id, TENANT).read<typeof handover>();
    assert.deepEqual(resource?.message.items, [
      { reference: 'OND-2027-0001', status: 'closed' },
      { reference: 'OND-2027-0002', status: 'open', lastNote: 'Nog navragen' },
    ]);
    assert.equal(resource?.attempts, 1, "the dispatcher's attempt is kept");
  });

  it('leaves a handover message that is being sent for the next pass, so it is not sent twice', async () => {
    const store = await freshStore();
    const container = store.container('tenantData');
    const handover = newOutboxEntry(
      TENANT,
      'handover:1',
      'carla',
      {
        kind: 'handover',
        fromAadObjectId: 'dave',
        items: [
          { reference: 'OND-2027-0001', status: 'closed', lastNote: 'Bewoner van nummer 12 gesproken' },
        ],
      },
      new Date(NOW),
    );
    await container.items.create(handover);
    // The dispatcher claims the message after the sweep read it: it records its send on that version.
    const claimedUntil = new Date(Date.parse(NOW) + 120_000).toISOString();
    const dispatcher = async () => {
      await container.item(handover.id, TENANT).replace({ ...handover, leaseUntil: claimedUntil });
    };
    const sweep = new CosmosRetentionStore(
      overtakenAfterNextRead(container, dispatcher),
      store.container('outboxHistory'),
    );
    const scrubbed = await sweep.removeOutboxTraces(TENANT, 'signal-1', 'OND-2027-0001');
    assert.equal(scrubbed, false, 'the signal waits for the next pass');
    const { resource } = await container.item(handover.id, TENANT).read<typeof handover>();
    assert.equal(
      resource?.leaseUntil,
      claimedUntil,
      "the dispatcher's claim stands, so its send is recorded once",
    );
  });
});

describe('a schedule moved by a settings change while a scheduler tick moves it on', () => {
  it('follows the new weekday and keeps the occurrence the tick recorded', async () => {
    const store = await freshStore();
    const container = store.container('tenantData');
    const ticking = new CosmosScheduleRepository(container);
    const schedule = newSchedule(
      {
        id: MONTHLY_CASE_SCHEDULE_ID,
        tenantId: TENANT,
        kind: 'monthly-case',
        rrule: monthlyCaseRrule('TU'),
        startsOn: '2026-01-01',
        localTime: '10:00',
        payload: {},
      },
      new Date('2027-02-01T00:00:00Z'),
    );
    await ticking.create(schedule);
    // The other instance's tick ran an occurrence after this one read the schedule.
    const tick = async () => {
      const stored = await ticking.find(TENANT, MONTHLY_CASE_SCHEDULE_ID);
      assert.ok(
        stored &&
          (await ticking.replaceIfUnchanged(stored, {
            ...schedule,
            lastOccurrenceAt: '2027-03-02T09:00:00.000Z',
            nextCheckAt: '2027-03-09T09:00:00.000Z',
          })),
      );
    };
    const [here] = await twoInstances();
    await moveMonthlyCaseSchedule(
      {
        schedules: new CosmosScheduleRepository(overtakenAfterNextRead(container, tick)),
        tenantSettings: here.settings,
        clock: here.clock,
      },
      TENANT,
      { audience: 'people', weekday: 'TH', localTime: '11:00' },
    );
    const stored = await ticking.find(TENANT, MONTHLY_CASE_SCHEDULE_ID);
    assert.equal(stored?.rrule, monthlyCaseRrule('TH'), 'the new weekday');
    assert.equal(stored?.localTime, '11:00');
    assert.equal(stored?.lastOccurrenceAt, '2027-03-02T09:00:00.000Z', 'the occurrence the tick ran is kept');
    assert.equal(
      stored?.nextCheckAt,
      new Date(NOW).toISOString(),
      'looked at again from now, with the new rule',
    );
  });
});

describe('the case of the month sent by two instances at once', () => {
  let first: TestBot;
  let second: TestBot;

  beforeEach(async () => {
    first = await TestBot.start({ env: regieEnv(), now: '2027-01-05T09:00:00Z' });
    second = await TestBot.start({
      env: regieEnv(),
      store: first.store,
      instance: 'second',
      now: '2027-01-05T09:00:00Z',
    });
  });
  afterEach(async () => {
    await first.stop();
    await second.stop();
  });

  it('sends the first queued case once and keeps the others, one added meanwhile too, for the months after', async () => {
    const [sanne] = await introduce(first, 'Sanne Burgerzaken');
    const carla = { ...person(CAST.carla), name: CAST.carla };
    const deps = (bot: TestBot) => ({ ...bot.app.services, seedFor: playbookSeed });
    await addQueuedCase(deps(first), carla, 'Eerste casus: een kapsalon zonder klanten maar met veel geld.');
    await addQueuedCase(deps(second), carla, 'Tweede casus: een garage die elke maand van eigenaar wisselt.');
    const at = new Date('2027-01-05T09:00:00Z');
    // A coordinator adds a case at the same moment: it is kept, for a later month.
    await Promise.all([
      sendMonthlyCase(deps(first), BOT_TENANT, at),
      sendMonthlyCase(deps(second), BOT_TENANT, at),
      addQueuedCase(deps(second), carla, 'Derde casus: een nagelsalon met vier eigenaren in een jaar.'),
    ]);
    await first.deliverOutbox();
    await second.deliverOutbox();
    const cases = sanne
      .received()
      .map(cardText)
      .filter((text) => /^Casus van de maand · /.test(text));
    assert.equal(cases.length, 1, 'one case of the month for Sanne');
    assert.match(cases[0] ?? '', /Eerste casus/);
    const queue = await first.app.services.caseQueues.find(BOT_TENANT, QUEUE_ID);
    assert.deepEqual(
      queue?.queue.map((item) => item.text),
      [
        'Tweede casus: een garage die elke maand van eigenaar wisselt.',
        'Derde casus: een nagelsalon met vier eigenaren in een jaar.',
      ],
      'the second case waits for February, the third for March',
    );
    assert.ok(queue?.chosen['2027-01']?.enqueuedAt, 'January is marked as sent');
  });
});

describe('the werkgroep channel linked by two coordinators on two instances at once', () => {
  let first: TestBot;
  let second: TestBot;

  beforeEach(async () => {
    first = await TestBot.start({ env: regieEnv(), now: NOW });
    second = await TestBot.start({ env: regieEnv(), store: first.store, instance: 'second', now: NOW });
  });
  afterEach(async () => {
    await first.stop();
    await second.stop();
  });

  it('confirms both links and keeps one channel, instead of an error for the one that came second', async () => {
    const conversation = (id: string) => ({ conversation: { id, conversationType: 'channel' } });
    const carla = { ...person(CAST.carla), name: CAST.carla };
    const dave = { ...person(CAST.dave), name: CAST.dave };
    // Dave links on the second instance between Carla's instance reading "no channel yet" and
    // writing: the moment two coordinators link at once. The store is the real one throughout.
    const services = first.app.services;
    const channels = services.werkgroep.channels;
    let daveLinked: Promise<unknown> | undefined;
    const interleaved = Object.assign(Object.create(channels), {
      find: async (tenantId: string, id: string) => {
        const found = await channels.find(tenantId, id);
        daveLinked ??= linkWerkgroepChannel(
          second.app.services,
          dave,
          conversation('19:werkgroep-west@thread.tacv2'),
        );
        await daveLinked;
        return found;
      },
    });
    const carlaLinked = linkWerkgroepChannel(
      { ...services, werkgroep: { ...services.werkgroep, channels: interleaved } },
      carla,
      conversation('19:werkgroep-oost@thread.tacv2'),
    );
    const [carlas] = await Promise.allSettled([carlaLinked]);
    assert.ok(daveLinked, "Dave's link ran between Carla's read and write");
    const [daves] = await Promise.allSettled([daveLinked]);
    assert.deepEqual(
      [carlas, daves].map((result) => (result.status === 'rejected' ? String(result.reason) : 'linked')),
      ['linked', 'linked'],
      'both coordinators get the confirmation',
    );
    const stored = await services.werkgroep.channels.find(BOT_TENANT, 'werkgroep-channel');
    assert.equal(
      (stored?.conversation as { conversation?: { id?: string } } | undefined)?.conversation?.id,
      '19:werkgroep-oost@thread.tacv2',
      "the latest link wins: Carla's, written after Dave's",
    );
    // And in chat, on either instance, a link is confirmed.
    const channel = second.inChannel(CAST.dave, '19:werkgroep-west@thread.tacv2');
    await channel.says('werkgroep koppel');
    assert.match(channel.received().map(cardText).join(' | '), /nu het werkgroepkanaal/);
  });
});
