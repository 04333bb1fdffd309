import assert from 'node:assert/strict';
import { assertAllowed, type Permission, POLICY } from '../bot/domain/authorization';
import { NotAllowedError } from '../bot/domain/errors';
import { effectiveRoles } from '../bot/domain/roles/partners';
import { ROLES } from '../bot/domain/roles/role';
import { personalConversationIdFor } from './helpers/capture-connector';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { receiptCodeIn, validReport } from './helpers/report-fixtures';
import { messagePayload } from './helpers/teams-activities';
import {
  cardText,
  findInput,
  OTHER_TENANT,
  person,
  TENANT,
  TestBot,
  type TestUser,
} from './helpers/test-bot';

const PARTNER_REFUSAL = /Als partner kun je hier een signaal melden/;

/** Everything that shows signals, figures, people or werkgroep business. */
const CLOSED_TO_PARTNERS = [
  'open',
  'signaal OND-2026-0001',
  'zoek park',
  `overdracht ${CAST.wim}`,
  'rollen',
  'rol geef Noor Niemand werkgroep',
  'rapport',
  'werkgroep',
  'doelen',
  'acties alle',
  'actie nieuw',
  'vergadering',
  'vrije dagen',
  'herijking',
  'instellingen',
  'bewaartermijnen',
  'audit OND-2026-0001',
  'inzage Alex Melder',
];

function texts(replies: { activity: { text?: string } }[]): string {
  return replies.map((reply) => reply.activity.text ?? cardText(reply as never)).join('\n');
}

describe('partners: report and follow their own reports, nothing else', () => {
  let bot: TestBot;
  let carla: TestUser;
  let ada: TestUser;
  let alex: TestUser;
  let paula: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv() });
    [carla, ada, alex, paula] = await introduce(bot, CAST.carla, CAST.ada, CAST.alex, 'Paula Politie');
    assert.match(
      texts(await carla.says('rol geef Paula Politie partner')),
      /Paula Politie heeft nu de rol partner/,
    );
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('lets coordinators and admins mark partners, audited, and keeps the partner role apart from every other', async () => {
    const audit = await bot.storedDocuments('audit', 'audit');
    assert.ok(
      audit.some(
        (entry) =>
          entry.action === 'role.granted.partner' && entry.subjectId === person('Paula Politie').aadObjectId,
      ),
    );
    const roles = cardText((await carla.says('rollen')).at(-1)!);
    assert.match(roles, /Paula Politie/);
    assert.match(roles, /partner/);
    await ada.says(`rol geef ${CAST.alex} werkgroep`);
    assert.match(texts(await carla.says(`rol geef ${CAST.alex} partner`)), /heeft al een rol/);
    assert.match(texts(await ada.says('rol geef Paula Politie coordinator')), /is partner/);
    assert.match(texts(await carla.says('werkgroep lid + Paula Politie')), /is partner/, 'nor the werkgroep');
    assert.match(
      texts(await ada.says(`rol geef ${CAST.carla} partner`)),
      /heeft al een rol/,
      'a seeded coordinator',
    );
    const wim = bot.user(CAST.wim);
    await wim.says('help');
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
    assert.match(texts(await wim.says(`rol geef ${CAST.noor} partner`)), /beheerders en regievoerders/);
  });

  it('asks a partner for their organisation and shows it to the coordinator', async () => {
    await paula.says('meld');
    assert.ok(findInput(paula.lastCard(), 'organisation'), 'the form asks for the organisation');
    const withoutOrganisation = (await paula.submits(paula.lastCard(), validReport)).at(-1)!;
    assert.match(cardText(withoutOrganisation), /Vul in van welke organisatie je bent/);
    assert.equal(findInput(withoutOrganisation, 'location').value, validReport.location, 'values kept');
    assert.deepEqual(await bot.storedDocuments('signal'), []);

    const receipt = (
      await paula.submits(paula.lastCard(), { ...validReport, organisation: 'Politie Oost-Nederland' })
    ).at(-1)!;
    assert.match(cardText(receipt), /OND-2026-0001/);
    const [signal] = await bot.storedDocuments('signal');
    assert.deepEqual(signal.partner, { organisation: 'Politie Oost-Nederland' });
    assert.equal(signal.reporterAadObjectId, paula.aadObjectId);

    const card = (await carla.says('signaal OND-2026-0001')).at(-1)!;
    assert.match(cardText(card), /Gemeld door een partner van/);
    assert.match(cardText(card), /Politie Oost-Nederland/);
  });

  it('never asks staff for an organisation, and ignores one sent anyway', async () => {
    await alex.says('meld');
    assert.equal(findInput(alex.lastCard(), 'organisation'), undefined);
    await alex.submits(alex.lastCard(), { ...validReport, organisation: 'Verzonnen BV' });
    const [signal] = await bot.storedDocuments('signal');
    assert.equal(signal.partner, undefined);
    assert.ok(!JSON.stringify(signal).includes('Verzonnen BV'));
  });

  it('lets a partner follow only their own reports', async () => {
    await report(alex);
    const own = await report(paula, { organisation: 'RIEC Oost' });
    const mine = texts(await paula.says('mijn meldingen'));
    assert.match(mine, new RegExp(own.reference));
    assert.doesNotMatch(mine, /OND-2026-0001/, 'not the colleague’s report');
    assert.match(texts(await paula.says(`status ${own.code}`)), new RegExp(own.reference));
  });

  it('lets a partner use what their help card names: the playbook and opting out of the case of the month', async () => {
    const help = texts(await paula.says('help'));
    for (const [command, answer] of [
      ['uitleg', /ondermijning/i],
      ['casus uit', /casus van de maand/i],
      ['casus aan', /casus van de maand/i],
    ] as const) {
      assert.match(help, new RegExp(command), `the help card names ${command}`);
      const reply = texts(await paula.says(command));
      assert.doesNotMatch(reply, PARTNER_REFUSAL, command);
      assert.match(reply, answer, command);
    }
  });

  it('refuses a partner everything else, with one clear answer and nothing revealed', async () => {
    await report(alex);
    for (const command of CLOSED_TO_PARTNERS) {
      const answer = texts(await paula.says(command));
      assert.match(answer, PARTNER_REFUSAL, command);
      assert.doesNotMatch(answer, /Recreatiepark|OND-2026-0001 ·/, command);
    }
    const signal = (await bot.storedDocuments('signal'))[0];
    for (const value of [
      { verb: 'signal.show', signalId: signal.id },
      { verb: 'open.page', page: '1' },
      { verb: 'signal.act', action: 'pick-up', signalId: signal.id, revision: 1 },
      { verb: 'settings.save' },
    ]) {
      assert.match(texts(await paula.submitsRaw('x', value)), PARTNER_REFUSAL, value.verb);
    }
    const after = (await bot.storedDocuments('signal'))[0];
    assert.equal(after.revision, 1);
  });

  it('gives a partner no right anywhere in the policy, whatever else is stored or configured', () => {
    const partnerPlusAll = effectiveRoles([...ROLES]);
    assert.deepEqual(partnerPlusAll, ['partner']);
    for (const permission of Object.keys(POLICY) as Permission[]) {
      assert.throws(() => assertAllowed(permission, partnerPlusAll), NotAllowedError, permission);
    }
  });
});

describe('partners from another tenant, in the municipality’s shared channel', () => {
  let bot: TestBot;
  let carla: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv() });
    [carla] = await introduce(bot, CAST.carla);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('treats them as partners of the hosting municipality, even when configured as its coordinator', async () => {
    const petra = bot.inSharedChannel('Petra Parkexpert', OTHER_TENANT);
    // Dave is a seeded coordinator; seeds hold in every tenant, but not for someone Teams places elsewhere.
    const dave = bot.inSharedChannel(CAST.dave, OTHER_TENANT);
    for (const outsider of [petra, dave])
      for (const command of ['open', 'werkgroep', 'doelen', 'acties alle', 'zoek park'])
        assert.match(
          texts(await outsider.says(command)),
          PARTNER_REFUSAL,
          `${outsider.who.name}: ${command}`,
        );
    assert.match(texts(await petra.says('help')), /meld/, 'help is open to partners');
  });

  it('lets them report a message into the hosting municipality’s meldpunt only, as a partner', async () => {
    const petra = bot.inSharedChannel('Petra Parkexpert', OTHER_TENANT);
    const post = messagePayload({
      html: '<p>Op het park staan sinds vorige week zes chalets leeg met de lichten aan, elke nacht.</p>',
      from: { user: { id: person('Iemand Anders', OTHER_TENANT).aadObjectId, displayName: 'Iemand Anders' } },
      createdDateTime: '2026-11-24T09:00:00Z',
      linkToMessage: 'https://teams.microsoft.com/l/message/19:gedeeld@thread.tacv2/1764000000000',
    });
    const dialog = (await petra.usesMessageAction(post)).body;
    const inputs = dialog.task.value.card.content.body.map((element: { id?: string }) => element.id);
    assert.ok(inputs.includes('organisation'), 'the dialog asks for the organisation');
    const sent = await petra.sendsDialog(dialog, post, {
      category: 'holiday-parks',
      location: 'Park De Eik',
      organisation: 'Parkmanagement Veluwe',
    });
    assert.equal(sent.body, undefined);
    const [signal] = await bot.storedDocuments('signal');
    assert.equal(signal.tenantId, TENANT, 'stored in the hosting tenant');
    assert.deepEqual(signal.partner, { organisation: 'Parkmanagement Veluwe' });
    assert.equal(signal.reporterAadObjectId, petra.aadObjectId);
    await bot.deliverOutbox();
    assert.match(cardText(carla.lastCard()), /OND-2026-0001/, 'the hosting coordinator is told');
    // The partner's own municipality does not get it: Carla, seeded there too, sees nothing.
    const elsewhere = texts(await bot.user(CAST.carla, OTHER_TENANT).says('open'));
    assert.doesNotMatch(elsewhere, /OND-2026-0001/);
    const receipts = bot.connector.sent.filter((entry) => /Melding ontvangen/.test(cardText(entry)));
    assert.deepEqual(
      receipts.map((entry) => entry.conversationId),
      [personalConversationIdFor(`29:${petra.aadObjectId}`)],
      'the receipt goes to the partner only',
    );
    assert.ok(receiptCodeIn(cardText(receipts[0]!)));
    assert.deepEqual(bot.connector.sentTo(petra.conversation.id), [], 'nothing in the shared channel');
  });

  it('lets staff of the hosting tenant work as usual in the shared channel', async () => {
    const colleague = bot.inSharedChannel(CAST.carla, TENANT);
    assert.doesNotMatch(texts(await colleague.says('doelen')), PARTNER_REFUSAL);
  });

  it('counts someone as a partner when Teams cannot say who they are', async () => {
    bot.connector.forgetMembers();
    const unknown = bot.inSharedChannel(CAST.carla, TENANT);
    assert.match(texts(await unknown.says('doelen')), PARTNER_REFUSAL);
  });

  it('counts a guest of the hosting tenant in the shared channel as a partner', async () => {
    const guest = bot.inSharedChannel('Gijs Gast', TENANT);
    bot.connector.setMember(guest.aadObjectId, { tenantId: TENANT, userRole: 'guest' });
    assert.match(texts(await guest.says('doelen')), PARTNER_REFUSAL);
  });
});
