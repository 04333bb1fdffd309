import assert from 'node:assert/strict';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { personalConversationIdFor } from './helpers/capture-connector';
import { cardProblems } from './helpers/card-validity';
import { CosmosFaultProxy } from './helpers/cosmos-fault-proxy';
import { receiptCodeIn, validReport } from './helpers/report-fixtures';
import { sharedCosmosServer } from './helpers/shared-cosmos';
import { messagePayload } from './helpers/teams-activities';
import { cardText, dialogCard, type InvokeAnswer, person, TestBot, type TestUser } from './helpers/test-bot';

const CHANNEL = '19:werkgroep@thread.tacv2';

/** A colleague's post in a channel, with a mention, markup and entities, as Teams stores it. */
function colleaguePost(overrides: Partial<Parameters<typeof messagePayload>[0]> = {}) {
  const bram = person('Bram Boekhouder');
  const piet = person('Piet Parkbeheer');
  return messagePayload({
    html:
      '<div><div><p>Let op <at id="0">Piet Parkbeheer</at>: bij chalet 12 op De&nbsp;Eik staan &#39;s nachts ' +
      'busjes &amp; aanhangers, steeds &lt;andere&gt; kentekens.</p><p>Huur wordt contant betaald.</p></div></div>',
    from: { user: { id: bram.aadObjectId, displayName: bram.name } },
    createdDateTime: '2026-11-23T23:30:00.000Z',
    mentions: [{ id: 0, mentionText: piet.name, user: { id: piet.aadObjectId, displayName: piet.name } }],
    ...overrides,
  });
}

const FORM = {
  category: 'holiday-parks',
  location: validReport.location,
  involved: '',
  urgency: 'normal',
  anonymous: 'false',
};

/** The input's value in a dialog card. */
function inputValue(card: { body: { id?: string; value?: string }[] }, id: string): string | undefined {
  return card.body.find((element) => element.id === id)?.value;
}

describe('report a Teams message as a signal (message action)', () => {
  let bot: TestBot;
  let carla: TestUser;
  let alex: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ coordinators: [person('Carla').aadObjectId] });
    carla = bot.user('Carla');
    await carla.says('help');
    alex = bot.inChannel('Alex Melder', CHANNEL);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  /** Opens the dialog on `payload` and checks it is a valid card. */
  async function openDialog(payload: unknown, who = alex): Promise<InvokeAnswer> {
    const answer = await who.usesMessageAction(payload);
    assert.equal(answer.status, 200);
    assert.deepEqual(cardProblems(dialogCard(answer.body)), []);
    return answer.body;
  }

  async function storedSignals() {
    return bot.storedDocuments('signal');
  }

  it('opens the report form as a dialog with the message as plain text, its day and its link', async () => {
    const post = colleaguePost();
    const dialog = await openDialog(post);
    const card = dialogCard(dialog);
    assert.equal(
      inputValue(card, 'description'),
      "Let op Piet Parkbeheer: bij chalet 12 op De Eik staan 's nachts busjes & aanhangers, steeds <andere> kentekens.\n" +
        'Huur wordt contant betaald.',
    );
    // 23:30 UTC on the 23rd is half past midnight on the 24th in the municipality.
    assert.equal(inputValue(card, 'observedOn'), '2026-11-24');
    assert.match(
      cardText({ activity: { attachments: [{ content: card }] } } as never),
      /Ingevuld vanuit een bericht/,
    );
    const submit = card.actions.find((action: { type: string }) => action.type === 'Action.Submit');
    assert.equal(submit.data.messageLink, post.linkToMessage);
    assert.deepEqual(bot.connector.sentTo(CHANNEL), [], 'nothing is posted in the channel');
  });

  it('stores the signal with the person who used the action as reporter, and sends the receipt to their 1:1 chat', async () => {
    const post = colleaguePost();
    const dialog = await openDialog(post);
    const sent = await alex.sendsDialog(dialog, post, FORM);
    assert.equal(sent.status, 200);
    assert.equal(sent.body, undefined, 'an answer without a body closes the dialog');

    const [signal] = await storedSignals();
    assert.equal(signal.reporterAadObjectId, alex.aadObjectId);
    assert.equal(signal.reporterName, 'Alex Melder');
    assert.equal(signal.messageLink, post.linkToMessage);
    assert.match(signal.description, /^Let op Piet Parkbeheer: bij chalet 12/);
    assert.equal(signal.observedOn, '2026-11-24');
    const stored = JSON.stringify(signal);
    for (const other of ['Bram Boekhouder', 'Piet Parkbeheer'])
      assert.ok(!stored.includes(person(other).aadObjectId), `${other} is not stored`);

    // The chat opened for the receipt makes Alex reachable like a chat of his own would.
    assert.ok(
      (await bot.storedDocuments('schedule')).some((stored) => stored.kind === 'monthly-case'),
      'the tenant now has someone to send the case of the month to',
    );
    await bot.deliverOutbox();
    const personalChat = personalConversationIdFor(`29:${alex.aadObjectId}`);
    assert.equal(bot.connector.createdConversations.length, 1);
    const receipt = bot.connector.sentTo(personalChat).at(-1);
    assert.ok(receipt, 'the receipt arrives in the 1:1 chat');
    const text = cardText(receipt);
    assert.match(text, /OND-2026-0001/);
    const code = receiptCodeIn(text);
    assert.ok(code, 'with the receipt code');
    assert.match(cardText(carla.lastCard()), /OND-2026-0001/, 'the coordinator is told');
    assert.deepEqual(bot.connector.sentTo(CHANNEL), [], 'nothing is posted in the channel');

    const status = (await bot.user('Alex Melder').says(`status ${code}`)).at(-1);
    assert.match(cardText(status!), /OND-2026-0001/, 'the code from the receipt works');
  });

  it('shows the coordinator a button to the message, and drops a link that is not into Teams', async () => {
    const post = colleaguePost();
    await alex.sendsDialog(await openDialog(post), post, FORM);
    const card = (await carla.says('signaal OND-2026-0001')).at(-1)!;
    const openUrl = JSON.stringify(card.activity.attachments[0].content);
    assert.ok(openUrl.includes(`"url":"${post.linkToMessage}"`), 'an OpenUrl to the message');

    for (const link of [
      'http://teams.microsoft.com/l/message/19:x/1',
      'https://teams.microsoft.com.evil.example/l/message/19:x/1',
      'javascript:alert(1)',
    ]) {
      const forged = colleaguePost({ linkToMessage: link, createdDateTime: '2026-11-20T10:00:00Z' });
      const dialog = await openDialog(forged);
      const submit = dialogCard(dialog).actions[0];
      assert.equal(submit.data.messageLink, undefined, `no link kept in the form for ${link}`);
      await alex.sendsDialog(dialog, forged, { ...FORM, messageLink: link });
    }
    const forgedSignals = (await storedSignals()).filter((signal) => signal.observedOn === '2026-11-20');
    assert.equal(forgedSignals.length, 3);
    for (const signal of forgedSignals) assert.equal(signal.messageLink, undefined);
  });

  it('reports a message from a bot or a webhook, with the user as reporter', async () => {
    const post = messagePayload({
      html: '<p>Melding uit het meldsysteem: <b>drie inschrijvingen</b> op Dorpsstraat 1 binnen een week.</p>',
      from: {
        application: {
          id: 'b8c1c68c-e290-4bdd-81c3-266f310751dc',
          displayName: 'Meldsysteem',
          applicationIdentityType: 'webhook',
        },
      },
      createdDateTime: '2026-11-25T08:00:00Z',
    });
    const dialog = await openDialog(post);
    assert.equal(
      inputValue(dialogCard(dialog), 'description'),
      'Melding uit het meldsysteem: drie inschrijvingen op Dorpsstraat 1 binnen een week.',
    );
    const sent = await alex.sendsDialog(dialog, post, { ...FORM, category: 'abuse-municipal-services' });
    assert.equal(sent.body, undefined, 'the dialog closes');
    const [signal] = await storedSignals();
    assert.equal(signal.reporterAadObjectId, alex.aadObjectId);
    assert.ok(!JSON.stringify(signal).includes('b8c1c68c'), 'the webhook is not stored as anyone');
  });

  it('brings the dialog back with the values and a message per field on bad input, storing nothing', async () => {
    const post = colleaguePost();
    const dialog = await openDialog(post);
    const answer = await alex.sendsDialog(dialog, post, {
      ...FORM,
      category: '',
      description: 'te kort',
      observedOn: '2099-01-01',
    });
    assert.equal(answer.status, 200);
    const card = dialogCard(answer.body);
    assert.deepEqual(cardProblems(card), []);
    const text = cardText({ activity: { attachments: [{ content: card }] } } as never);
    assert.match(text, /Kies een soort signaal/);
    assert.match(text, /minimaal 20 tekens/);
    assert.match(text, /niet in de toekomst/);
    assert.equal(inputValue(card, 'description'), 'te kort');
    assert.equal(inputValue(card, 'location'), FORM.location);
    assert.equal(card.actions[0].data.formToken, dialogCard(dialog).actions[0].data.formToken, 'same form');
    assert.deepEqual(await storedSignals(), []);
    assert.deepEqual(await bot.storedDocuments('outbox'), []);
  });

  it('stores a double-sent dialog once, with one receipt', async () => {
    const post = colleaguePost();
    const dialog = await openDialog(post);
    await alex.sendsDialog(dialog, post, FORM);
    const second = await alex.sendsDialog(dialog, post, FORM);
    assert.equal(second.body, undefined);
    assert.equal((await storedSignals()).length, 1);
    await bot.deliverOutbox();
    const receipts = bot.connector
      .sentTo(personalConversationIdFor(`29:${alex.aadObjectId}`))
      .filter((sent) => /Melding ontvangen/.test(cardText(sent)));
    assert.equal(receipts.length, 1);
  });

  it('keeps an anonymous report without the reporter, and still brings the receipt to their chat', async () => {
    const post = colleaguePost();
    await alex.sendsDialog(await openDialog(post), post, { ...FORM, anonymous: 'true' });
    const [signal] = await storedSignals();
    assert.equal(signal.reporterAadObjectId, undefined);
    assert.ok(!JSON.stringify(signal).includes(alex.aadObjectId));
    const outbox = await bot.storedDocuments('outbox');
    assert.ok(!JSON.stringify(outbox).includes(alex.aadObjectId), 'nor in the outbox');
    await bot.deliverOutbox();
    const receipt = bot.connector.sentTo(personalConversationIdFor(`29:${alex.aadObjectId}`)).at(-1);
    assert.ok(receipt && receiptCodeIn(cardText(receipt)));
  });

  it('uses the 1:1 chat the bot already knows', async () => {
    await bot.user('Alex Melder').says('help');
    const post = colleaguePost();
    await alex.sendsDialog(await openDialog(post), post, FORM);
    await bot.deliverOutbox();
    assert.equal(bot.connector.createdConversations.length, 0);
    assert.match(cardText(bot.user('Alex Melder').lastCard()), /OND-2026-0001/);
  });

  it('says so, keeping the values and storing nothing, when no 1:1 chat can be opened', async () => {
    bot.connector.refusePersonalChatWith(`29:${alex.aadObjectId}`);
    const post = colleaguePost();
    const answer = await alex.sendsDialog(await openDialog(post), post, FORM);
    const card = dialogCard(answer.body);
    assert.match(
      cardText({ activity: { attachments: [{ content: card }] } } as never),
      /Open eerst een chat met Daadkracht/,
    );
    assert.equal(inputValue(card, 'location'), FORM.location);
    assert.deepEqual(await storedSignals(), []);
  });

  it('is named in help, in both languages', async () => {
    const chat = bot.user('Alex Melder');
    assert.match(cardText((await chat.says('help')).at(-1)!), /Meld als signaal/);
    await chat.says('taal en');
    assert.match(cardText((await chat.says('help')).at(-1)!), /Report as signal/);
  });

  it('answers an unknown command id like any other invoke it does not handle', async () => {
    const answer = await alex.usesMessageAction(colleaguePost(), 'somethingElse');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.composeExtension.type, 'message');
  });
});

describe('report a Teams message as a signal: when the store fails', () => {
  it('answers the dialog with a calm message, never a server error', async () => {
    const proxy = await CosmosFaultProxy.start(await sharedCosmosServer());
    const bot = await TestBot.start({
      store: await openCosmosStore(
        { endpoint: proxy.endpoint, key: 'test-key', agent: proxy.agent },
        'message-action-store-faults',
      ),
    });
    try {
      const alex = bot.inChannel('Alex Melder', CHANNEL);
      // Every store request fails, beyond what the retries can bridge.
      proxy.failAtRate(1, 1, ['unavailable-before']);
      const answer = await alex.usesMessageAction(colleaguePost());
      assert.equal(answer.status, 200);
      assert.equal(answer.body?.composeExtension?.type, 'message', JSON.stringify(answer.body));
      assert.match(answer.body.composeExtension.text, /Er ging iets mis aan mijn kant/);
    } finally {
      proxy.heal();
      await bot.stop();
      await proxy.close();
    }
  });
});
