import assert from 'node:assert/strict';
import { personalChatLink } from '../bot/teams/personal-chat-link';
import { renderPersonalChatOnly } from '../cards/personal-chat-card';
import { cardProblems } from './helpers/card-validity';
import { CAST, introduce, regieEnv } from './helpers/regie-fixtures';
import { cardText, findInput, TestBot, type TestUser } from './helpers/test-bot';

const SIGNALS_REFUSAL = /Meldingen en hun details/;

describe('channels and group chats: what works there, and a truthful way into the 1:1 chat', () => {
  let bot: TestBot;
  let wim: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv() });
    const [carla, ada] = await introduce(bot, CAST.carla, CAST.ada);
    [wim] = await introduce(bot, CAST.wim);
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
    await carla.says(`werkgroep lid + ${CAST.wim}`);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('records and lists actions in the werkgroep channel: werkgroep business, nothing about signals', async () => {
    const channel = bot.inChannel(CAST.wim);
    const form = (await channel.says('actie nieuw')).at(-1)!;
    assert.ok(findInput(form, 'title'), 'the action form comes up in the channel');
    const created = await channel.submits(form, {
      title: 'Draaiboek vakantieparken bijwerken',
      owner: wim.aadObjectId,
      dueOn: '2026-12-04',
    });
    assert.ok(created.some((sent) => /Actie vastgelegd: Draaiboek vakantieparken/.test(cardText(sent))));
    for (const command of ['acties', 'acties alle', 'acties te laat']) {
      const reply = cardText((await channel.says(command)).at(-1)!);
      assert.doesNotMatch(reply, SIGNALS_REFUSAL, command);
    }
    assert.match(cardText((await channel.says('acties alle')).at(-1)!), /Draaiboek vakantieparken/);
    assert.doesNotMatch(cardText((await channel.says('vrije dagen')).at(-1)!), SIGNALS_REFUSAL);
  });

  it('says truthfully why settings, roles and the herijking form live in the 1:1 chat', async () => {
    const channel = bot.inChannel(CAST.carla);
    for (const [command, answer] of [
      ['instellingen', /Rollen, instellingen en het wijzigen van doelen regel je in onze 1-op-1 chat/],
      ['rollen', /Rollen, instellingen en het wijzigen van doelen regel je in onze 1-op-1 chat/],
      ['herijking', /Je antwoord op de herijking geef je in onze 1-op-1 chat/],
    ] as const) {
      const reply = cardText((await channel.says(command)).at(-1)!);
      assert.match(reply, answer, command);
      assert.doesNotMatch(reply, SIGNALS_REFUSAL, command);
      assert.match(reply, /Je vindt die chat in Teams onder Chat/, 'without an app id: where the chat is');
    }
  });

  it('points a report in a group chat to the 1:1 chat, and keeps signal commands out of it', async () => {
    const group = bot.inGroupChat(CAST.alex);
    const meld = (await group.says('meld')).at(-1)!;
    assert.match(cardText(meld), /Een signaal meld je vertrouwelijk in onze 1-op-1 chat/);
    assert.equal(findInput(meld, 'description'), undefined);
    assert.match(cardText((await group.says('open')).at(-1)!), SIGNALS_REFUSAL);
    assert.doesNotMatch(cardText((await group.says('vrije dagen')).at(-1)!), SIGNALS_REFUSAL);
  });

  it('opens the 1:1 chat with a Teams deep link when the bot has an app id', () => {
    const link = personalChatLink('1b2c3d4e-0000-4000-8000-000000000001');
    assert.equal(
      link,
      'https://teams.microsoft.com/l/chat/0/0?users=28:1b2c3d4e-0000-4000-8000-000000000001',
    );
    const card = renderPersonalChatOnly('en', 'reporting', link);
    assert.deepEqual(cardProblems(card), []);
    const actions = card.actions as { type: string; url: string; title: string }[];
    assert.deepEqual(
      actions.map(({ type, url, title }) => ({ type, url, title })),
      [{ type: 'Action.OpenUrl', url: link, title: 'Open our 1:1 chat' }],
    );
    assert.equal(personalChatLink(undefined), undefined, 'local mode: no link');
  });
});
