import assert from 'node:assert/strict';
import { CAST, introduce, isAction, regieEnv, report } from './helpers/regie-fixtures';
import {
  cardOf,
  cardText,
  findInput,
  findSubmitData,
  person,
  TestBot,
  type TestUser,
} from './helpers/test-bot';

describe('four eyes: a closure that waits for a second coordinator is never a dead end', () => {
  let bot: TestBot;

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  async function stored(reference: string) {
    return (await bot.storedDocuments('signal')).find((signal) => signal.reference === reference);
  }

  /** Picks up the signal and asks to close it without follow-up; returns the card after the click. */
  async function requestClosure(coordinator: TestUser, reference: string) {
    let card = (await coordinator.says(`signaal ${reference}`)).at(-1)!;
    card = (await coordinator.clicks(card, isAction('pick-up'))).at(-1)!;
    return (
      await coordinator.clicks(card, isAction('close'), {
        'close.reason': 'no-follow-up',
        'close.note': 'Geen aanwijzingen',
      })
    ).at(-1)!;
  }

  /** Every input of a form with the value it shows: what a click on its button sends unchanged. */
  const shownValues = (card: Parameters<typeof cardOf>[0]) => {
    const values: Record<string, unknown> = {};
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const element = node as Record<string, unknown>;
        if (String(element.type).startsWith('Input.') && typeof element.id === 'string')
          values[element.id] = element.value ?? '';
        Object.values(element).forEach(walk);
      }
    };
    walk(cardOf(card));
    return values;
  };

  const hasButton = (card: Parameters<typeof cardOf>[0], action: string) =>
    !!findSubmitData(cardOf(card), isAction(action));

  describe('with two coordinators', () => {
    let carla: TestUser;
    let dave: TestUser;
    let alex: TestUser;

    beforeEach(async () => {
      bot = await TestBot.start({ env: regieEnv() });
      [carla, dave, alex] = await introduce(bot, CAST.carla, CAST.dave, CAST.alex);
    });

    it('says who can approve, next to the buttons, and lets the requester withdraw', async () => {
      const { reference } = await report(alex);
      const card = await requestClosure(carla, reference);
      const body = cardOf(card).body as { type: string; items?: { text?: string }[] }[];
      const tail = JSON.stringify(body.slice(-2));
      assert.match(tail, /Afsluiten wacht op goedkeuring/, 'the pending closure sits just above the buttons');
      assert.match(tail, /Goedkeuren kan: Dave Coördinator/);
      assert.match(tail, /Bijgewerkt/, 'the outcome too');
      assert.match(cardText(card), /reden: Geen vervolg/);
      assert.ok(hasButton(card, 'withdraw-closure'), 'the requester can withdraw');
      assert.ok(!hasButton(card, 'approve-closure'), 'but not approve their own request');

      const withdrawn = (await carla.clicks(card, isAction('withdraw-closure'))).at(-1)!;
      assert.doesNotMatch(cardText(withdrawn), /Afsluiten wacht op goedkeuring/);
      assert.match(cardText(withdrawn), /Afsluitverzoek ingetrokken/);
      assert.ok(hasButton(withdrawn, 'close'), 'closing another way is possible again');
      const signal = await stored(reference);
      assert.equal(signal.pendingClosure, undefined);
      assert.equal(signal.status, 'in-progress');
      const audit = await bot.storedDocuments('audit', 'audit');
      assert.ok(
        audit.some(
          (entry) => entry.action === 'signal.withdraw-closure' && entry.actor === carla.aadObjectId,
        ),
        'the withdrawal is audited',
      );
    });

    it('shows a pending closure in open, to the requester and to the other coordinators', async () => {
      const { reference } = await report(alex);
      await requestClosure(carla, reference);

      const carlasOpen = cardText((await carla.says('open')).at(-1)!);
      assert.match(
        carlasOpen,
        new RegExp(`${reference} · Jouw verzoek tot afsluiten wacht op een tweede regievoerder`),
      );
      assert.match(carlasOpen, /Afsluiten wacht op vier ogen: 1/);
      const davesOpen = cardText((await dave.says('open')).at(-1)!);
      assert.match(davesOpen, new RegExp(`${reference} · Afsluiten wacht op jouw goedkeuring`));

      const davesCard = (await dave.says(`signaal ${reference}`)).at(-1)!;
      assert.match(cardText(davesCard), /Carla Coördinator vroeg op 25-11-2026 om af te sluiten/);
      assert.ok(hasButton(davesCard, 'approve-closure'));
      assert.ok(hasButton(davesCard, 'reject-closure'));
    });
  });

  describe('with one coordinator (the local setup)', () => {
    let carla: TestUser;
    let alex: TestUser;

    beforeEach(async () => {
      bot = await TestBot.start({
        env: {
          COORDINATOR_AAD_IDS: person(CAST.carla).aadObjectId,
          ADMIN_AAD_IDS: person(CAST.ada).aadObjectId,
        },
      });
      [carla, alex] = await introduce(bot, CAST.carla, CAST.alex);
    });

    it('says nobody else can approve, and what can be done instead', async () => {
      const { reference } = await report(alex);
      const card = await requestClosure(carla, reference);
      const text = cardText(card);
      assert.match(text, /geen andere regievoerder die kan goedkeuren/);
      assert.match(text, /trek het verzoek in/);
      assert.match(text, /rol geef «naam» coordinator/);
      assert.match(text, /vier ogen uit in instellingen/);
      assert.ok(hasButton(card, 'withdraw-closure'));
    });

    it('applies switching four eyes off to the closure already waiting: offered, then finished', async () => {
      const { reference } = await report(alex);
      await requestClosure(carla, reference);

      const form = (await carla.says('instellingen')).at(-1)!;
      assert.equal(findInput(form, 'fourEyesClosure').value, 'true');
      const replies = await carla.submits(form, { ...shownValues(form), fourEyesClosure: 'false' });
      const offer = replies.at(-1)!;
      assert.match(
        cardText(offer),
        new RegExp(`wachten nog 1 melding\\(en\\) op een tweede regievoerder.*${reference}`),
      );
      assert.equal((await stored(reference)).status, 'in-progress', 'nothing is closed before the click');

      const signalCard = cardText((await carla.says(`signaal ${reference}`)).at(-1)!);
      assert.match(signalCard, /Vier ogen staat inmiddels uit/);
      assert.match(signalCard, /Afsluiten is aangevraagd en kan worden afgerond: vier ogen staat uit/);
      assert.doesNotMatch(
        signalCard,
        /wacht op een tweede regievoerder/,
        'no second coordinator is needed any more',
      );

      const done = (await carla.clicks(offer, (data) => data.verb === 'closures.finish')).at(-1)!;
      assert.match(cardText(done), new RegExp(`Afgesloten: ${reference}`));
      const signal = await stored(reference);
      assert.equal(signal.status, 'closed');
      assert.equal(signal.closure.reason, 'no-follow-up');
      const audit = await bot.storedDocuments('audit', 'audit');
      assert.ok(
        audit.some((entry) => entry.action === 'signal.approve-closure' && entry.subjectId === signal.id),
      );
      await bot.deliverOutbox();
      assert.ok(
        alex.received().some((sent) => /afgerond/.test(cardText(sent))),
        'the reporter hears the signal was closed',
      );
    });

    it('says four eyes is on again when the offer to finish is clicked after switching it back on', async () => {
      const { reference } = await report(alex);
      await requestClosure(carla, reference);
      const form = (await carla.says('instellingen')).at(-1)!;
      const offer = (await carla.submits(form, { ...shownValues(form), fourEyesClosure: 'false' })).at(-1)!;
      const again = (await carla.says('instellingen')).at(-1)!;
      await carla.submits(again, { ...shownValues(again), fourEyesClosure: 'true' });
      const answer = (await carla.clicks(offer, (data) => data.verb === 'closures.finish'))
        .map((sent) => sent.activity.text ?? cardText(sent))
        .join('\n');
      assert.match(answer, /Vier ogen staat weer aan/);
      assert.equal((await stored(reference)).status, 'in-progress', 'nothing is closed');
    });

    it('lets the requester close it themselves once four eyes is off', async () => {
      const { reference } = await report(alex);
      await requestClosure(carla, reference);
      const form = (await carla.says('instellingen')).at(-1)!;
      await carla.submits(form, { ...shownValues(form), fourEyesClosure: 'false' });
      const card = (await carla.says(`signaal ${reference}`)).at(-1)!;
      const closed = (await carla.clicks(card, isAction('approve-closure'))).at(-1)!;
      assert.match(cardText(closed), /Afgesloten/);
      assert.equal((await stored(reference)).status, 'closed');
    });
  });
});
