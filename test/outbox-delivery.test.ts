import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DISPATCHER_OPTIONS } from '../bot/outbox/outbox-dispatcher';
import { BotProcess } from './helpers/bot-process';
import { CaptureConnector, type SentActivity } from './helpers/capture-connector';
import { signalNoticeEntry } from './helpers/outbox-entries';
import { report } from './helpers/regie-fixtures';
import { validReport } from './helpers/report-fixtures';
import { cardSubmitActivity, messageActivity } from './helpers/teams-activities';
import { cardText, OTHER_TENANT, person, TENANT, TestBot, type TestUser } from './helpers/test-bot';
import { until } from './helpers/wait-until';

const REFERENCE = /OND-\d{4}-\d{4}/;
const isNotice = (sent: SentActivity) => /Nieuw (urgent )?signaal/.test(cardText(sent));

/** The new-signal notices someone received, in arrival order. */
function notices(user: TestUser): SentActivity[] {
  return user.received().filter(isNotice);
}

/** The references of those notices. */
function noticeReferences(user: TestUser): string[] {
  return notices(user).map((sent) => REFERENCE.exec(cardText(sent))?.[0] ?? '');
}

/** The most messages that arrived within any `windowMs` (by the bot's clock). */
function busiestWindow(sent: SentActivity[], windowMs: number): number {
  return Math.max(
    0,
    ...sent.map(
      (last) =>
        sent.filter(
          (other) =>
            other.at.getTime() > last.at.getTime() - windowMs && other.at.getTime() <= last.at.getTime(),
        ).length,
    ),
  );
}

/** `count` new-signal notices for one recipient, written as a report would write them. */
async function enqueueNotices(bot: TestBot, recipient: TestUser, count: number, tenantId = TENANT) {
  const now = bot.clock.now();
  const entries = Array.from({ length: count }, (_, index) =>
    signalNoticeEntry(tenantId, index + 1, recipient.aadObjectId, now),
  );
  await bot.app.services.outbox.enqueue(entries);
}

describe('outbox: paced, exactly-once delivery', () => {
  describe('pacing within Teams limits', () => {
    let bot: TestBot;
    let carla: TestUser;

    beforeEach(async () => {
      bot = await TestBot.start();
      carla = bot.user('Carla');
      await carla.says('help');
    });

    afterEach(async () => {
      bot.assertAllCardsValid();
      await bot.stop();
    });

    it('never sends one person more than five messages a second, and delivers every one', async () => {
      await enqueueNotices(bot, carla, 12);
      await bot.deliverOutbox();
      const received = notices(carla);
      assert.equal(received.length, 12);
      assert.equal(new Set(noticeReferences(carla)).size, 12, 'each notice once');
      assert.ok(busiestWindow(received, 1_000) <= 5, 'at most 5 in any second');
      assert.ok(busiestWindow(received, 2_000) <= 7, 'at most 7 in any two seconds');
    });

    it('holds a busy conversation back for a later pass instead of flooding it', async () => {
      await enqueueNotices(bot, carla, 60);
      await bot.deliverOutbox();
      const firstRound = noticeReferences(carla).length;
      assert.equal(firstRound, 50, 'the 30-second window allows 50');
      const waiting = (await bot.storedDocuments('outbox')).filter((entry) => entry.status === 'pending');
      assert.equal(waiting.length, 10);
      assert.ok(
        waiting.every((entry) => entry.nextAttemptAt > bot.clock.now().toISOString() && entry.attempts === 0),
        'deferred, not failed',
      );

      bot.clock.advance(30_000);
      await bot.deliverOutbox();
      assert.equal(new Set(noticeReferences(carla)).size, 60);
      assert.equal(notices(carla).length, 60, 'nothing twice');
      assert.ok(busiestWindow(notices(carla), 30_000) <= 50);
    });

    it('pauses a tenant Teams throttled without holding up another tenant', async () => {
      const bea = bot.user('Bea', OTHER_TENANT);
      await bea.says('help');
      await enqueueNotices(bot, carla, 5);
      bot.clock.advance(1);
      await enqueueNotices(bot, bea, 1, OTHER_TENANT);
      bot.connector.failNext(1, 429, { 'retry-after': '60' }, carla.conversation.id);
      const throttledAt = bot.clock.now().getTime();
      const requestsToCarla = () =>
        bot.connector.requests.filter((request) =>
          request.path.includes(encodeURIComponent(carla.conversation.id)),
        ).length;
      const requestsBefore = requestsToCarla();

      await bot.deliverOutbox();
      assert.deepEqual(noticeReferences(bea), ['OND-2026-0001'], 'the other tenant is served');
      assert.deepEqual(noticeReferences(carla), [], 'nothing more to the throttled tenant');
      assert.equal(requestsToCarla() - requestsBefore, 1, 'one request, the one that got 429');
      const pending = (await bot.storedDocuments('outbox')).filter((entry) => entry.tenantId === TENANT);
      assert.ok(pending.every((entry) => Date.parse(entry.nextAttemptAt) >= throttledAt + 60_000));

      bot.clock.set(new Date(throttledAt + 60_000));
      await bot.deliverOutbox();
      assert.deepEqual(noticeReferences(carla).sort(), [
        'OND-2026-0001',
        'OND-2026-0002',
        'OND-2026-0003',
        'OND-2026-0004',
        'OND-2026-0005',
      ]);
    });
  });

  describe('two instances on one store', () => {
    let first: TestBot;
    let second: TestBot;
    const coordinators = ['Carla', 'Dave', 'Erik'];

    beforeEach(async () => {
      const ids = coordinators.map((name) => person(name).aadObjectId);
      // Small batches: each instance claims a batch in one request, so with the default (200)
      // the first to look would take all thirty and the other would have nothing to race for.
      const dispatcher = { batchSize: 5 };
      first = await TestBot.start({ coordinators: ids, dispatcher });
      second = await TestBot.start({ coordinators: ids, store: first.store, dispatcher });
    });

    afterEach(async () => {
      first.assertAllCardsValid();
      await second.stop();
      await first.stop();
    });

    /** One instance's passes until nothing is due for it; returns how many entries it handled. */
    async function drainCounting(bot: TestBot): Promise<number> {
      let total = 0;
      for (let pass = 0; pass < 20; pass += 1) {
        const handled = await bot.app.dispatcher.runOnce();
        if (handled === 0) break;
        total += handled;
      }
      return total;
    }

    it('deliver every message exactly once, through 429s with Retry-After and 500s', async () => {
      const people = coordinators.map((name) => first.user(name));
      for (const coordinator of people) await coordinator.says('help');
      const references: string[] = [];
      for (let index = 0; index < 10; index += 1) {
        references.push((await report(first.user(`Melder ${index}`))).reference);
      }
      first.connector.failNext(2, 429, { 'retry-after': '2' });
      first.connector.failNext(4, 500);

      let handled = { first: 0, second: 0 };
      for (let round = 0; round < 10; round += 1) {
        const [a, b] = await Promise.all([drainCounting(first), drainCounting(second)]);
        handled = { first: handled.first + a, second: handled.second + b };
        first.clock.advance(20_000);
        second.clock.advance(20_000);
      }
      // Past every lease and retry window: nothing sent may come due again on either instance.
      const pastEveryWindow =
        DEFAULT_DISPATCHER_OPTIONS.leaseMs + DEFAULT_DISPATCHER_OPTIONS.maxBackoffMs + 60 * 60_000;
      first.clock.advance(pastEveryWindow);
      second.clock.advance(pastEveryWindow);
      await Promise.all([drainCounting(first), drainCounting(second)]);

      for (const coordinator of people) {
        assert.deepEqual(noticeReferences(coordinator).sort(), [...references].sort(), coordinator.who.name);
      }
      const entries = await first.storedDocuments('outbox');
      assert.equal(entries.length, 30);
      assert.ok(entries.every((entry) => entry.status === 'sent'));
      assert.ok(
        handled.first > 0 && handled.second > 0,
        `both instances took part ${JSON.stringify(handled)}`,
      );
      const faults = first.connector.requests.filter((request) => request.status >= 400).length;
      assert.equal(faults, 6, 'every injected fault was met and retried');
    });

    it('take over from an instance that froze mid-send; its late answer changes nothing', async () => {
      const carla = first.user('Carla');
      await carla.says('help');
      await enqueueNotices(first, carla, 1);
      const held = first.connector.holdNext(carla.conversation.id);
      const frozenPass = first.app.dispatcher.runOnce();
      await held.arrived;

      await second.deliverOutbox();
      assert.deepEqual(noticeReferences(carla), [], 'the lease keeps the other instance away');
      second.clock.advance(2 * 60_000 + 1);
      await second.deliverOutbox();
      assert.deepEqual(noticeReferences(carla), ['OND-2026-0001'], 'delivered after the lease ran out');

      held.release(500);
      await frozenPass;
      const [entry] = await first.storedDocuments('outbox');
      assert.equal(entry.status, 'sent', 'the frozen instance did not overwrite the delivery');
      first.clock.advance(60 * 60_000);
      second.clock.advance(60 * 60_000);
      await Promise.all([first.deliverOutbox(), second.deliverOutbox()]);
      assert.deepEqual(noticeReferences(carla), ['OND-2026-0001'], 'and nobody sends it again');
    });
  });

  describe('a bot process stopped mid-dispatch', () => {
    let dataDir: string;
    let connector: CaptureConnector;
    const carla = person('Carla');
    const carlaChat = { id: 'a:personal-carla', type: 'personal' as const };

    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'daadkracht-outbox-'));
      connector = await CaptureConnector.start();
    });

    afterEach(async () => {
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function post(url: string, activity: object): Promise<void> {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      assert.ok(response.ok, `HTTP ${response.status}`);
    }

    async function reportAs(url: string, name: string): Promise<void> {
      const base = {
        serviceUrl: connector.url,
        person: person(name),
        conversation: { id: `a:personal-${name}`, type: 'personal' as const },
      };
      await post(url, messageActivity(base, 'meld'));
      const form = connector.sentTo(base.conversation.id).at(-1);
      assert.ok(form);
      const data = form.activity.attachments[0].content.actions[0].data;
      await post(url, cardSubmitActivity(base, form.activityId, { ...data, ...validReport }));
    }

    const noticesToCarla = () =>
      connector
        .sentTo(carlaChat.id)
        .filter(isNotice)
        .map((sent) => REFERENCE.exec(cardText(sent))?.[0] ?? '');

    it('loses nothing and sends nothing twice after SIGTERM and a restart', async function () {
      this.timeout(60_000);
      const env = {
        PORT: '0',
        LOCAL_DATA_DIR: dataDir,
        COORDINATOR_AAD_IDS: carla.aadObjectId,
        OUTBOX_POLL_MS: '100',
      };
      const first = await BotProcess.start(env);
      // Carla has not chatted yet, so the notices wait; her first message releases them all at once.
      for (let index = 1; index <= 8; index += 1) await reportAs(first.url, `Melder ${index}`);
      connector.slowDown(150);
      await post(
        first.url,
        messageActivity({ serviceUrl: connector.url, person: carla, conversation: carlaChat }, 'help'),
      );
      await until(() => noticesToCarla().length >= 2, 'the first notices', 15_000);
      assert.equal(await first.stop(), 0, 'a clean exit on SIGTERM');
      const beforeRestart = noticesToCarla().length;
      assert.ok(beforeRestart < 8, `stopped mid-dispatch (${beforeRestart} of 8 sent)`);

      const second = await BotProcess.start(env);
      try {
        // Well under the two-minute claim lease a stuck claim would need, with room for a busy machine.
        await until(() => noticesToCarla().length >= 8, 'the remaining notices', 30_000);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const references = noticesToCarla();
        assert.equal(references.length, 8, 'nothing sent twice');
        assert.equal(new Set(references).size, 8, 'every notice arrived');
      } finally {
        await second.stop();
      }
    });
  });
});
