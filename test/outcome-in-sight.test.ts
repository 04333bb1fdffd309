import assert from 'node:assert/strict';
import { CAST, introduce, isAction, regieEnv, report } from './helpers/regie-fixtures';
import { cardOf, cardText, TestBot } from './helpers/test-bot';

// biome-ignore lint/suspicious/noExplicitAny: card JSON is inspected structurally
type Element = any;

/** The body element a person sees last, right above the buttons they just clicked. */
const lastElementText = (card: Element) => JSON.stringify(cardOf(card).body.at(-1));

describe('the outcome of a click is where the eye is', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv() });
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('folds a long description and says "Bijgewerkt." just above the buttons', async () => {
    const [carla, alex] = await introduce(bot, CAST.carla, CAST.alex);
    const description = `${'Busjes rijden af en aan bij de schuur aan de Veldweg. '.repeat(70)}Einde.`;
    const { reference } = await report(alex, { description });
    const card = (await carla.says(`signaal ${reference}`)).at(-1)!;
    const body = cardOf(card).body as Element[];
    const start = body.find((element) => element.id === 'descriptionStart');
    const all = body.find((element) => element.id === 'descriptionAll');
    assert.ok(start.inlines[0].text.length <= 310, 'the card opens with the first ~300 characters');
    assert.equal(all.isVisible, false, 'the rest is folded');
    assert.equal(all.inlines[0].text, description, 'and all of it is there to unfold');
    const toggle = body.find((element) => element.type === 'ActionSet').actions[0];
    assert.equal(toggle.type, 'Action.ToggleVisibility');
    assert.deepEqual(toggle.targetElements, ['descriptionStart', 'descriptionAll']);

    const updated = (await carla.clicks(card, isAction('pick-up'))).at(-1)!;
    assert.match(lastElementText(updated), /Bijgewerkt\./);
    assert.doesNotMatch(JSON.stringify(cardOf(updated).body.slice(0, 3)), /Bijgewerkt/, 'not at the top');
  });

  it('shows a short description whole, without a fold', async () => {
    const [carla, alex] = await introduce(bot, CAST.carla, CAST.alex);
    const { reference } = await report(alex);
    const card = (await carla.says(`signaal ${reference}`)).at(-1)!;
    assert.ok(!JSON.stringify(cardOf(card)).includes('Action.ToggleVisibility'));
    assert.match(cardText(card), /Poolse kentekens/);
  });

  it('repeats what to fix just above the button of a long form', async () => {
    const [carla] = await introduce(bot, CAST.carla);
    const form = (await carla.says('instellingen')).at(-1)!;
    const back = (await carla.submits(form, { firstFeedbackWorkingDays: '0' })).at(-1)!;
    assert.equal(cardOf(back).body.at(-1).color, 'Attention');
    assert.match(lastElementText(back), /1 tot 30 werkdagen/);
  });
});
