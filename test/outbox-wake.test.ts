import assert from 'node:assert/strict';
import { createLogger } from '../bot/logger';
import { startDispatcherLoop } from '../bot/outbox/dispatcher-loop';
import { newOutboxEntry } from '../bot/outbox/outbox-entry';
import { validReport } from './helpers/report-fixtures';
import { cardText, person, TENANT, TestBot, type TestUser } from './helpers/test-bot';
import { until } from './helpers/wait-until';

describe('outbox: woken by the writes that create work, not by a fast poll', () => {
  let bot: TestBot;
  let carla: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({
      coordinators: [person('Carla').aadObjectId],
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
    await until(() => carla.received().length >= 3, 'the handover message');
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
    await until(() => passes === 1, 'the first pass');
    loop.kick(); // an entry written while the first pass was reading
    release();
    await until(() => passes === 2, 'a second pass without waiting for the poll');
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
    await until(() => passes === 2, 'a pass when the paced message falls due', 1_000);
    await loop.stop();
  });
});
