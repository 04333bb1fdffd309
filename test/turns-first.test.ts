import assert from 'node:assert/strict';
import { createLogger } from '../bot/logger';
import { startDispatcherLoop } from '../bot/outbox/dispatcher-loop';
import { oneByOneGivingWay, turnsFirst } from '../bot/turns-first';
import { validReport } from './helpers/report-fixtures';
import { cardText, person, personalChat, TestBot, type TestUser } from './helpers/test-bot';
import { until } from './helpers/wait-until';

/** Far below the one-minute safety poll, and roomy enough for a busy CI machine. */
const WELL_BEFORE_THE_POLL = 15_000;
/** Long enough for a pass that does not give way to have sent the notice many times over. */
const A_WHILE = 300;
const BOUND_MS = 1_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background work gives way to the turns being answered, for a bounded while', () => {
  describe('the gate', () => {
    it('opens at once when no turn is in flight', async () => {
      let waits = 0;
      const giveWay = turnsFirst(
        () => 0,
        { maxWaitMs: BOUND_MS, checkEveryMs: 5 },
        () => 0,
        async () => {
          waits += 1;
        },
      );
      await giveWay();
      assert.equal(waits, 0);
    });

    it('waits while turns are in flight and opens when the last one ends', async () => {
      let inFlight = 2;
      let waits = 0;
      const giveWay = turnsFirst(
        () => inFlight,
        { maxWaitMs: BOUND_MS, checkEveryMs: 5 },
        () => 0,
        async () => {
          waits += 1;
          if (waits === 3) inFlight = 0;
        },
      );
      await giveWay();
      assert.equal(waits, 3, 'looked again until no turn was in flight');
    });

    it('opens after its bound although turns never stop', async () => {
      let now = 0;
      const giveWay = turnsFirst(
        () => 1,
        { maxWaitMs: BOUND_MS, checkEveryMs: 5 },
        () => now,
        async (ms) => {
          now += ms;
          if (now > 10 * BOUND_MS) throw new Error('still waiting long past its bound');
        },
      );
      await giveWay();
      assert.equal(now, BOUND_MS, 'waited exactly its bound, on the injected clock');
    });
  });

  describe("the minute's checks", () => {
    it('gives way before each check, not only before the first', async () => {
      const order: string[] = [];
      await oneByOneGivingWay(
        ['schedules', 'feedback', 'privacy'].map((name) => async () => {
          order.push(name);
        }),
        async () => {
          order.push('give way');
        },
      );
      assert.deepEqual(order, ['give way', 'schedules', 'give way', 'feedback', 'give way', 'privacy']);
    });
  });

  describe('the outbox loop', () => {
    const logger = createLogger('silent');

    it('starts a pass only once the turns in flight are answered, or once the bound has passed', async () => {
      let inFlight = 1;
      let elapsed = 0;
      let passes = 0;
      const loop = startDispatcherLoop(
        {
          runOnce: async () => {
            passes += 1;
          },
          stop: async () => {},
          nextDueAt: async () => undefined,
        },
        60_000,
        Date.now,
        logger,
        turnsFirst(
          () => inFlight,
          { maxWaitMs: BOUND_MS, checkEveryMs: 5 },
          () => elapsed,
        ),
      );
      try {
        await pause(A_WHILE);
        assert.equal(passes, 0, 'no pass while a turn is being answered');
        inFlight = 0;
        await until(() => passes === 1, 'the pass once the turn was answered', WELL_BEFORE_THE_POLL);
        // Turns that never stop: the next pass waits its bound, then runs.
        inFlight = 3;
        loop.kick();
        await pause(A_WHILE);
        assert.equal(passes, 1, 'the kicked pass gives way to the turns');
        elapsed += BOUND_MS;
        await until(() => passes === 2, 'the kicked pass once its bound passed', WELL_BEFORE_THE_POLL);
      } finally {
        inFlight = 0;
        await loop.stop();
      }
    });
  });

  describe('a report while someone else is being answered', () => {
    let bot: TestBot;
    let carla: TestUser;
    let elapsed: number;
    let release: (status: number) => void;
    let bobsTurn: Promise<unknown>;

    beforeEach(async () => {
      elapsed = 0;
      bot = await TestBot.start({
        coordinators: [person('Carla').aadObjectId],
        runDispatcherLoop: true,
        env: { OUTBOX_POLL_MS: '60000' },
        turnsFirst: { options: { maxWaitMs: BOUND_MS, checkEveryMs: 5 }, elapsed: () => elapsed },
      });
      carla = bot.user('Carla');
      await carla.says('help');
      // Bob's answer hangs on its way to Teams: his turn stays in flight until released.
      const held = bot.connector.holdNext(personalChat('Bob').id);
      release = held.release;
      bobsTurn = bot.user('Bob').says('help');
      await held.arrived;
    });

    afterEach(async () => {
      release(200);
      await bobsTurn;
      await bot.stop();
    });

    // The coordinator's notice of the new signal (her help text names a reference as an example).
    const noticed = () =>
      carla.received().some((sent) => /Nieuw (urgent )?signaal[\s\S]*OND-2026-0001/.test(cardText(sent)));

    async function alexReports(): Promise<void> {
      const alex = bot.user('Alex');
      await alex.says('meld');
      const answers = await alex.submits(alex.lastCard(), validReport);
      assert.ok(
        answers.some((sent) => /OND-2026-0001/.test(cardText(sent))),
        'Alex has his receipt',
      );
    }

    it("sends the coordinator's notice after the answer in flight, not in between", async () => {
      await alexReports();
      await pause(A_WHILE);
      assert.equal(noticed(), false, 'the notice waits while Bob is being answered');
      release(200);
      await bobsTurn;
      await until(noticed, 'the notice once Bob was answered', WELL_BEFORE_THE_POLL);
    });

    it('sends it all the same when turns keep coming: the wait is bounded', async () => {
      await alexReports();
      await pause(A_WHILE);
      assert.equal(noticed(), false);
      elapsed += BOUND_MS;
      await until(noticed, 'the notice while Bob is still being answered', WELL_BEFORE_THE_POLL);
    });
  });
});
