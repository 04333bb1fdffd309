import assert from 'node:assert/strict';
import { defaultTenantSettings } from '../bot/domain/tenants/default-tenant-settings';
import { ActionReminders } from '../bot/domain/werkgroep/remind-actions';
import type { WerkgroepAction } from '../bot/domain/werkgroep/werkgroep';
import { TenantCalendars } from '../bot/scheduling/tenant-calendars';
import { CosmosDocuments } from '../bot/storage/cosmos-documents';
import { CosmosOutboxRepository } from '../bot/storage/cosmos-outbox-repository';
import { CosmosTenantSettingsRepository } from '../bot/storage/cosmos-tenant-settings-repository';
import { ManualClock } from './helpers/manual-clock';
import { freshStore } from './helpers/shared-cosmos';

const DEFAULTS = defaultTenantSettings('nl');
const TENANTS = ['tenant-gemeente-a', 'tenant-gemeente-b', 'tenant-gemeente-c'];

/**
 * Action reminders run every minute on every instance. With many municipalities' werkgroepen
 * holding open actions, reading each tenant's settings and calendar every minute to find that
 * nothing is due cost a store read per tenant a minute; the decision changes once a day.
 */
describe('Action reminders: reads on an idle minute', () => {
  it('reads no tenant settings on a minute when open actions are not due yet, and still reminds on the day', async () => {
    const store = await freshStore();
    const tenantData = store.container('tenantData');
    let settingsReads = 0;
    const stored = new CosmosTenantSettingsRepository(tenantData, DEFAULTS);
    const tenantSettings = Object.create(stored) as CosmosTenantSettingsRepository;
    tenantSettings.get = (tenantId) => {
      settingsReads += 1;
      return stored.get(tenantId);
    };
    const calendars = new TenantCalendars(tenantSettings);
    const actions = new CosmosDocuments<WerkgroepAction>(tenantData, 'action');
    const outbox = new CosmosOutboxRepository(tenantData, store.container('outboxHistory'));
    // Tuesday 1 December 2026, 10:00 in Amsterdam.
    const clock = new ManualClock('2026-12-01T09:00:00Z');
    const reminders = new ActionReminders({
      werkgroep: { actions },
      outbox,
      clock,
      workingDaysOf: (tenantId, settings) => calendars.forTenant(tenantId, settings),
      tenantSettings,
    });
    for (const tenantId of TENANTS) {
      await actions.createIfAbsent({
        id: 'action-1',
        type: 'action',
        tenantId,
        title: 'Handelingskader opstellen met Handhaving',
        ownerAadObjectId: `owner-of-${tenantId}`,
        // Two working days before is Wednesday 9 December: nothing is due this week's first days.
        dueOn: '2026-12-11',
        status: 'open',
        createdBy: 'coordinator',
        createdAt: clock.now().toISOString(),
        revision: 1,
      });
    }

    assert.equal(await reminders.run(), 0, 'nothing due on Tuesday');
    const firstMinute = settingsReads;
    clock.advance(60_000);
    settingsReads = 0;
    assert.equal(await reminders.run(), 0, 'nothing due a minute later');
    assert.equal(settingsReads, 0, 'an idle minute reads no tenant’s settings');
    assert.ok(firstMinute <= TENANTS.length, `${firstMinute} settings reads on the first run of the day`);

    // Wednesday 9 December, 00:00 in Amsterdam: two working days before the due date.
    clock.set('2026-12-08T23:00:00Z');
    assert.equal(await reminders.run(), TENANTS.length, 'each owner is reminded two working days before');
    clock.advance(60_000);
    settingsReads = 0;
    assert.equal(await reminders.run(), 0, 'once a day');
    assert.equal(settingsReads, 0);
    const due = await outbox.findDue(clock.now(), 100);
    assert.deepEqual(
      due.map((entry) => entry.recipientAadObjectId).sort(),
      TENANTS.map((tenantId) => `owner-of-${tenantId}`),
    );
  });
});
