import assert from 'node:assert/strict';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { validReport } from './helpers/report-fixtures';
import { cardOf, cardText, findInput, person, TestBot, type TestUser } from './helpers/test-bot';

describe('small dead ends: what a person is told is true and complete', () => {
  let bot: TestBot;
  let carla: TestUser;
  let alex: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-25T10:00:00Z' });
    [carla, alex] = await introduce(bot, CAST.carla, CAST.alex);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('tells an urgent reporter what urgent means, not the normal five working days', async () => {
    await alex.says('meld');
    const receipt = (await alex.submits(alex.lastCard(), { ...validReport, urgency: 'urgent' })).at(-1)!;
    const text = cardText(receipt);
    assert.match(text, /Je hebt dit als urgent gemeld/);
    assert.doesNotMatch(text, /binnen vijf werkdagen/);
  });

  it('says the length limit on the form itself', async () => {
    const form = (await alex.says('meld')).at(-1)!;
    assert.match(cardText(form), /Wat heb je gezien of gehoord\? \(20 tot 4000 tekens\)/);
  });

  it('accepts a date typed the Dutch way (dd-mm-jjjj)', async () => {
    await alex.says('meld');
    const receipt = (await alex.submits(alex.lastCard(), { ...validReport, observedOn: '4-11-2026' })).at(
      -1,
    )!;
    assert.match(cardText(receipt), /Melding ontvangen/);
    const [signal] = await bot.storedDocuments('signal');
    assert.equal(signal.observedOn, '2026-11-04');
  });

  it('marks urgent items in open and says "Nieuw" once per item', async () => {
    const { reference } = await report(alex, { urgency: 'urgent' });
    const open = cardOf((await carla.says('open')).at(-1)!);
    const item = JSON.stringify(open.body.find((element: { type: string }) => element.type === 'Container'));
    assert.match(item, new RegExp(`${reference} · Nieuw`));
    assert.match(item, /URGENT/);
    assert.equal(item.match(/Nieuw/g)?.length, 1);
  });

  it('says "none overdue" when none is, and warns when an owner cannot be reached yet', async () => {
    const form = (await carla.says('actie nieuw')).at(-1)!;
    for (const input of ['title', 'owner', 'dueOn']) {
      const label = JSON.stringify(cardOf(form)).match(new RegExp(`"id":"${input}","label":"([^"]*)"`))?.[1];
      assert.ok(label && !label.trim().endsWith('*'), `no second required mark on ${input}`);
    }
    // Dave is a coordinator by configuration but has never written to the bot: no 1:1 chat yet.
    const dave = person(CAST.dave);
    const replies = await carla.submits(form, {
      title: 'Bibob-toets voorbereiden',
      owner: dave.aadObjectId,
      dueOn: '4-12-2026',
    });
    assert.ok(replies.some((sent) => /Actie vastgelegd: Bibob-toets voorbereiden/.test(cardText(sent))));
    assert.ok(
      replies.some((sent) => /nog niet met mij gechat/.test(cardText(sent))),
      'the creator is warned',
    );
    const [action] = await bot.storedDocuments('action');
    assert.equal(action.dueOn, '2026-12-04', 'a Dutch typed date is understood');

    await introduce(bot, CAST.dave);
    const second = (await carla.says('actie nieuw')).at(-1)!;
    const reachable = await carla.submits(second, {
      title: 'Casustafel agenderen',
      owner: dave.aadObjectId,
      dueOn: '2026-12-11',
    });
    assert.ok(reachable.some((sent) => /Actie vastgelegd: Casustafel agenderen/.test(cardText(sent))));
    assert.ok(
      !reachable.some((sent) => /nog niet met mij gechat/.test(cardText(sent))),
      'no warning once reachable',
    );
    assert.match(cardText((await carla.says('acties te laat')).at(-1)!), /Geen acties te laat/);
  });

  it('says when the next herijking opens, or why none is planned', async () => {
    assert.match(
      (await carla.says('herijking')).at(-1)?.activity.text ?? '',
      /er is er nog geen gepland: .*werkgroep koppel/,
    );
    await bot.inChannel(CAST.carla).says('werkgroep koppel');
    assert.match(
      (await carla.says('herijking')).at(-1)?.activity.text ?? '',
      /De volgende opent op maandag 4 januari 2027 om 09:00/,
    );
  });

  it('offers plain repeat choices first and the RRULE only as an advanced, folded option', async () => {
    for (const [command, containerId, inputId] of [
      ['instellingen', 'herijkingAdvanced', 'herijkingRrule'],
      ['vergadering plan', 'meetingAdvanced', 'rrule'],
    ] as const) {
      const form = cardOf((await carla.says(command)).at(-1)!);
      const body = form.body as { id?: string; isVisible?: boolean; items?: { placeholder?: string }[] }[];
      const advanced = body.find((element) => element.id === containerId);
      assert.equal(advanced?.isVisible, false, `${command}: the rule is folded away`);
      const placeholder = advanced?.items?.[0]?.placeholder ?? '';
      assert.doesNotMatch(placeholder, /FREQ=/, `${command}: the placeholder does not look like a value`);
      assert.ok(
        findInput({ ...(await carla.says(command)).at(-1)! }, inputId),
        `${command}: still submitted`,
      );
    }
  });
});
