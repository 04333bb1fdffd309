import assert from 'node:assert/strict';
import { everythingStored, work } from './helpers/privacy-fixtures';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, TestBot, type TestUser } from './helpers/test-bot';

const INVOLVED = 'Henk de Smid, Veenweg 12';

describe('privacy: the retention sweep on two instances, after a crash, and technical expiry', () => {
  let bot: TestBot;
  let carla: TestUser;
  let alex: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' });
    [carla, alex] = await introduce(bot, CAST.carla, CAST.alex);
  });

  afterEach(async () => {
    await bot.stop();
  });

  const closedSignal = async () => {
    const { reference } = await report(alex, { involved: INVOLVED });
    await work(carla, reference, [['pick-up'], ['close', { 'close.reason': 'insufficient-information' }]]);
    return reference;
  };
  const audited = async (action: string) =>
    (await bot.storedDocuments('audit', 'audit')).filter((entry) => entry.action === action);

  it('anonymises once when two instances sweep at the same moment, and warns once', async function () {
    // A simulation over months and many turns: slow on a busy machine, not a speed claim.
    this.timeout(90_000);
    await closedSignal();
    const second = await TestBot.start({ env: regieEnv(), store: bot.store, now: '2026-11-30T09:00:00Z' });
    try {
      const both = async (instant: string) => {
        bot.clock.set(instant);
        second.clock.set(instant);
        await Promise.all([bot.app.runPeriodicChecks(), second.app.runPeriodicChecks()]);
      };
      await both('2027-05-02T09:00:00Z');
      assert.equal(
        (await bot.storedDocuments('outbox')).filter((e) => e.message.kind === 'retention-warning').length,
        2,
      );
      await bot.deliverOutbox();
      const warnings = carla.received().filter((sent) => /binnenkort verwijderd/.test(cardText(sent)));
      assert.equal(warnings.length, 1, 'one card for Carla (the other goes to Dave)');
      assert.equal((await audited('signal.retention-warned')).length, 1);
      await both('2027-05-30T09:00:00Z');
      assert.equal((await audited('signal.anonymised')).length, 1, 'anonymised exactly once');
      assert.ok(!(await everythingStored(bot)).includes(INVOLVED));
    } finally {
      await second.stop();
    }
  });

  it('finishes after a crash in the middle of an anonymisation, on a restarted instance', async function () {
    // A simulation over months and many turns: slow on a busy machine, not a speed claim.
    this.timeout(90_000);
    await closedSignal();
    bot.clock.set('2027-05-02T09:00:00Z');
    await bot.app.runPeriodicChecks();
    // The instance dies just before the anonymised signal is written (after the link and outbox cleanup).
    const signals = bot.app.services.signals;
    const realSave = signals.saveChange.bind(signals);
    signals.saveChange = async (signal, etag, companions) => {
      if (signal.retention?.anonymisedAt) throw new Error('instance crashed');
      return realSave(signal, etag, companions);
    };
    bot.clock.set('2027-05-30T09:00:00Z');
    await bot.app.runPeriodicChecks();
    assert.ok((await everythingStored(bot)).includes(INVOLVED), 'nothing half-done counts as done');
    assert.equal((await audited('signal.anonymised')).length, 0);

    const restarted = await TestBot.start({ env: regieEnv(), store: bot.store, now: '2027-05-30T09:05:00Z' });
    try {
      await restarted.app.runPeriodicChecks();
      assert.ok(!(await everythingStored(bot)).includes(INVOLVED), 'the restarted instance finished it');
      assert.equal((await audited('signal.anonymised')).length, 1);
    } finally {
      await restarted.stop();
    }
  });

  it('removes processed-activity markers after a week and sent outbox entries after 30 days, by the bot’s clock', async () => {
    await report(alex);
    await bot.deliverOutbox();
    const count = async (type: string, status?: string) =>
      (await bot.storedDocuments(type)).filter((doc) => !status || doc.status === status).length;
    assert.ok((await count('processed-activity')) > 0);
    assert.ok((await count('outbox', 'sent')) > 0);
    bot.clock.set('2026-12-08T09:00:00Z');
    await bot.app.runPeriodicChecks();
    assert.equal(await count('processed-activity'), 0, 'markers older than 7 days are gone');
    assert.ok((await count('outbox', 'sent')) > 0, 'sent entries stay for 30 days');
    bot.clock.set('2027-01-01T09:00:00Z');
    await bot.app.runPeriodicChecks();
    assert.equal(await count('outbox', 'sent'), 0, 'sent entries older than 30 days are gone');
    assert.equal(await count('signal'), 1, 'the signal itself is not a technical document');
  });
});
