import assert from 'node:assert/strict';
import { createLogger } from '../bot/logger';
import { startDispatcherLoop } from '../bot/outbox/dispatcher-loop';
import { newOutboxEntry } from '../bot/outbox/outbox-entry';
import type { SentActivity } from './helpers/capture-connector';
import { validReport } from './helpers/report-fixtures';
import { cardOf, cardText, findSubmitData, person, TENANT, TestBot, type TestUser } from './helpers/test-bot';
import { until } from './helpers/wait-until';

/** Far below the one-minute safety poll, and roomy enough for a busy CI machine. */
const WELL_BEFORE_THE_POLL = 15_000;

describe('outbox: woken by the writes that create work, not by a fast poll', () => {
  let bot: TestBot;
  let carla: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({
      // Dirk coordinates too, but has never written to the bot: no 1:1 chat to reach him in yet.
      coordinators: [person('Carla').aadObjectId, person('Dirk').aadObjectId],
      runDispatcherLoop: true,
      // The safety poll is a minute: anything that arrives within seconds was woken by its write.
      env: { OUTBOX_POLL_MS: '60000' },
    });
    carla = bot.user('Carla');
    await carla.says('help');
  });

  afterEach(async () => {
    await bot.stop();
  });

  it('tells the coordinator of a new report at once, although the safety poll is a minute', async () => {
    const alex = bot.user('Alex');
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    await until(
      () => carla.received().some((sent) => /OND-2026-0001/.test(cardText(sent))),
      'the notice to the coordinator',
      WELL_BEFORE_THE_POLL,
    );
  });

  /**
   * Alex reports; the pass this wakes tells Carla and puts Dirk's notice aside (no 1:1 chat: asked
   * again in 15 minutes). Once that pass is over the loop sleeps for its minute, so whatever is
   * delivered within seconds after this was woken by its own write.
   */
  async function reportAndLetTheDispatcherRest(): Promise<TestUser> {
    const alex = bot.user('Alex');
    await alex.says('meld');
    await alex.submits(alex.lastCard(), validReport);
    const dirkWaits = async () =>
      (await bot.storedDocuments('outbox')).some(
        (entry) =>
          entry.recipientAadObjectId === person('Dirk').aadObjectId && entry.lastError === 'no-conversation',
      );
    const deadline = Date.now() + WELL_BEFORE_THE_POLL;
    while (!(await dirkWaits()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(await dirkWaits(), "Dirk's notice waits for his 1:1 chat");
    await until(
      () => carla.received().some((sent) => /OND-2026-0001/.test(cardText(sent))),
      'the notice',
      WELL_BEFORE_THE_POLL,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    return alex;
  }

  it("tells the reporter of a coordinator's change at once (the change and its message in one write)", async () => {
    const alex = await reportAndLetTheDispatcherRest();
    const isPickUp = (data: Record<string, unknown>) => data.action === 'pick-up';
    const card = (await carla.says('signaal OND-2026-0001')).findLast(
      (sent) => !!sent.activity?.attachments?.length && !!findSubmitData(cardOf(sent), isPickUp),
    ) as SentActivity;
    const before = alex.received().length;
    await carla.clicks(card, isPickUp);
    await until(
      () =>
        alex
          .received()
          .slice(before)
          .some((sent) => /wordt behandeld/.test(cardText(sent))),
      'the feedback to the reporter',
      WELL_BEFORE_THE_POLL,
    );
  });

  it('delivers what waited for a person the moment they first write to the bot', async () => {
    await reportAndLetTheDispatcherRest();
    const dirk = bot.user('Dirk');
    await dirk.says('help');
    await until(
      () =>
        dirk.received().some((sent) => /Nieuw (urgent )?signaal[\s\S]*OND-2026-0001/.test(cardText(sent))),
      'the notice that waited for Dirk',
      WELL_BEFORE_THE_POLL,
    );
  });

  it('delivers a message that any part of the bot puts in the outbox without waiting for the poll', async () => {
    const entry = newOutboxEntry(
      TENANT,
      'test-handover:1',
      carla.aadObjectId,
      { kind: 'handover', fromAadObjectId: person('Dave').aadObjectId, items: [] },
      bot.clock.now(),
    );
    await bot.app.services.outbox.enqueue([entry]);
    await until(() => carla.received().length >= 3, 'the handover message', WELL_BEFORE_THE_POLL);
    assert.equal(carla.received().filter((sent) => sent.op === 'send').length, 3, 'welcome, help, handover');
  });
});

describe('dispatcher loop', () => {
  const logger = createLogger('silent');

  it('runs another pass right after one during which work was written', async () => {
    let passes = 0;
    let release!: () => void;
    const firstPass = new Promise<void>((resolve) => {
      release = resolve;
    });
    const loop = startDispatcherLoop(
      {
        runOnce: async () => {
          passes += 1;
          if (passes === 1) await firstPass;
        },
        stop: async () => {},
        nextDueAt: async () => undefined,
      },
      60_000,
      Date.now,
      logger,
    );
    await until(() => passes === 1, 'the first pass', WELL_BEFORE_THE_POLL);
    loop.kick(); // an entry written while the first pass was reading
    release();
    await until(() => passes === 2, 'a second pass without waiting for the poll', WELL_BEFORE_THE_POLL);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(passes, 2, 'and then quiet: nothing pending, nothing to do');
    await loop.stop();
  });

  it('comes back when the earliest pending message falls due, not a minute later', async () => {
    let passes = 0;
    const loop = startDispatcherLoop(
      {
        runOnce: async () => {
          passes += 1;
        },
        stop: async () => {},
        nextDueAt: async () => (passes === 1 ? new Date(Date.now() + 100) : undefined),
      },
      60_000,
      Date.now,
      logger,
    );
    await until(() => passes === 2, 'a pass when the paced message falls due', WELL_BEFORE_THE_POLL);
    await loop.stop();
  });
});
