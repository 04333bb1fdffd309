import assert from 'node:assert/strict';
import { openRound } from '../bot/domain/herijking/herijking-rounds';
import type { SentActivity } from './helpers/capture-connector';
import { CAST, introduce, regieEnv } from './helpers/regie-fixtures';
import { cardOf, cardText, findInput, findSubmitData, TestBot, type TestUser } from './helpers/test-bot';

const GOAL_1 = {
  title: 'Handelingskader ondermijning vastgesteld',
  indicator: 'Handelingskader door het college vastgesteld en op intranet',
  target: 'Vastgesteld vóór 1 april 2027',
  deadline: '2027-03-31',
};

/** Every element of a given type anywhere in the card. */
// biome-ignore lint/suspicious/noExplicitAny: card JSON is inspected structurally
function elementsOfType(node: any, type: string, found: any[] = []): any[] {
  if (Array.isArray(node)) for (const item of node) elementsOfType(item, type, found);
  else if (node && typeof node === 'object') {
    if (node.type === type) found.push(node);
    for (const value of Object.values(node)) elementsOfType(value, type, found);
  }
  return found;
}

describe('werkgroep: the programme goals are kept current', () => {
  let bot: TestBot;
  let carla: TestUser;
  let dave: TestUser;
  let wim: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' });
    [carla, dave, wim] = await introduce(bot, CAST.carla, CAST.dave, CAST.wim);
    await carla.says(`werkgroep lid + ${CAST.wim}`);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  async function formFor(user: TestUser, goalNumber: number): Promise<SentActivity> {
    return (await user.says(`doel wijzig ${goalNumber}`)).at(-1)!;
  }

  it('changes a goal from its form; bad input comes back with the values and what to fix', async () => {
    const goals = (await carla.says('doelen')).at(-1)!;
    assert.match(cardText(goals), /4\. \nMeldpunt voor medewerkers/);
    assert.ok(findSubmitData(cardOf(goals), (data) => data.verb === 'goal.form' && data.goalId === 'goal:1'));
    const form = (await carla.clicks(goals, (data) => data.goalId === 'goal:1')).at(-1)!;
    assert.equal(findInput(form, 'title').value, 'Handelingskader ondermijning', 'the form shows the goal');

    const bad = (
      await carla.submits(form, { ...GOAL_1, title: 'x', owner: 'not-a-member', deadline: '31-03' })
    ).at(-1)!;
    const problems = cardText(bad);
    assert.match(problems, /titel van 3 tot 200 tekens/);
    assert.match(problems, /lid van de werkgroep of een regievoerder/);
    assert.match(problems, /geldige datum/);
    assert.equal(findInput(bad, 'indicator').value, GOAL_1.indicator, 'entered values come back');
    const [unchanged] = (await bot.storedDocuments('goal')).filter((goal) => goal.id === 'goal:1');
    assert.equal(unchanged.title, 'Handelingskader ondermijning', 'nothing stored from a bad form');

    const saved = await carla.submits(bad, { ...GOAL_1, owner: wim.aadObjectId });
    assert.ok(saved.some((sent) => /Doel 1 is opgeslagen/.test(sent.activity.text ?? '')));
    const savedCard = saved.find((sent) => sent.op === 'update')!;
    assert.equal(
      cardOf(savedCard).body[0].text,
      'Doel 1, zoals opgeslagen',
      'the title fits the one goal shown',
    );
    const text = cardText((await wim.says('doelen')).at(-1)!);
    assert.match(text, /Handelingskader ondermijning vastgesteld/);
    assert.match(text, new RegExp(`Eigenaar: \\n${CAST.wim}`));
    assert.match(text, /Deadline: \n31-03-2027/);
    const audit = (await bot.storedDocuments('audit', 'audit')).filter(
      (entry) => entry.action === 'goal.changed',
    );
    assert.deepEqual(
      audit.map((entry) => [entry.actor, entry.subjectId]),
      [[carla.aadObjectId, 'goal:1']],
    );
  });

  it('answers a goal that does not exist, a garbled command and a date that does not exist', async () => {
    assert.match((await carla.says('doel wijzig 9')).at(-1)?.activity.text ?? '', /geen doel met nummer 9/);
    assert.match((await carla.says('doel weg')).at(-1)?.activity.text ?? '', /doel wijzig «nummer»/);
    const form = await formFor(carla, 1);
    const bad = (await carla.submits(form, { ...GOAL_1, deadline: '2027-02-31' })).at(-1)!;
    assert.match(cardText(bad), /geldige datum/, '31 February is not rolled over into March');
    assert.equal(findInput(bad, 'deadline').value, '2027-02-31');
  });

  it('refuses an out-of-date form instead of overwriting a colleague, and shows the fresh goal', async () => {
    const carlasForm = await formFor(carla, 2);
    const davesForm = await formFor(dave, 2);
    await carla.submits(carlasForm, { ...GOAL_1, title: 'Informatiebeeld per kwartaal' });
    const answer = await dave.submits(davesForm, { ...GOAL_1, title: 'Informatiebeeld per maand' });
    assert.ok(
      answer.some((sent) => /net gewijzigd/i.test(sent.activity.text ?? '')),
      'Dave hears why',
    );
    assert.equal(findInput(dave.lastCard(), 'title').value, 'Informatiebeeld per kwartaal', 'fresh form');
    const [goal] = (await bot.storedDocuments('goal')).filter((item) => item.id === 'goal:2');
    assert.equal(goal.title, 'Informatiebeeld per kwartaal');
    assert.equal(goal.revision, 1);
  });

  it('adds a goal that the next herijking asks about', async () => {
    const form = (await carla.says('doel nieuw')).at(-1)!;
    await carla.submits(form, {
      title: 'Bestuurlijke rapportage',
      indicator: 'Halfjaarlijkse rapportage aan de raad',
      target: 'Twee keer per jaar',
    });
    assert.match(cardText((await carla.says('doelen')).at(-1)!), /5\. \nBestuurlijke rapportage/);
    bot.clock.set('2027-01-04T08:00:00Z');
    const round = await openRound(bot.app.services, carla.who.tenantId);
    assert.deepEqual(
      round?.goals.map((goal) => goal.number),
      [1, 2, 3, 4, 5],
    );
  });

  it('lets the werkgroep read the goals but not change them, not even with a forged click', async () => {
    const goals = (await wim.says('doelen')).at(-1)!;
    assert.ok(!findSubmitData(cardOf(goals), (data) => data.verb === 'goal.form'), 'no change buttons');
    assert.match(
      (await wim.says('doel wijzig 1')).at(-1)?.activity.text ?? '',
      /alleen voor beheerders en regievoerders/,
    );
    const forged = await wim.submitsRaw('activity-x', {
      verb: 'goal.save',
      goalId: 'goal:1',
      revision: 0,
      ...GOAL_1,
    });
    assert.match(forged.at(-1)?.activity.text ?? '', /alleen voor beheerders en regievoerders/);
    const [goal] = (await bot.storedDocuments('goal')).filter((item) => item.id === 'goal:1');
    assert.equal(goal.title, 'Handelingskader ondermijning');
  });

  it('shows a typed title as text: no markdown, no links', async () => {
    const form = await formFor(carla, 3);
    const title = '**Brede werkgroep** [klik hier](https://evil.example)';
    await carla.submits(form, { ...GOAL_1, title });
    for (const card of [(await carla.says('doelen')).at(-1)!, await formFor(carla, 3)]) {
      const textBlocks = JSON.stringify(elementsOfType(cardOf(card), 'TextBlock'));
      assert.ok(!textBlocks.includes('evil.example'), 'never inside a markdown TextBlock');
    }
    const runs = elementsOfType(cardOf((await carla.says('doelen')).at(-1)!), 'TextRun');
    assert.ok(
      runs.some((run) => run.text === title),
      'shown literally in a TextRun',
    );
  });
});
