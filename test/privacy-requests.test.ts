import assert from 'node:assert/strict';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, OTHER_TENANT, TestBot, type TestUser } from './helpers/test-bot';

describe('privacy: rights of the people concerned (access, correction, erasure)', () => {
  let bot: TestBot;
  let carla: TestUser;
  let ada: TestUser;
  let alex: TestUser;
  let bea: TestUser;
  let wim: TestUser;
  let noor: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' });
    [carla, ada, alex, bea, wim, noor] = await introduce(
      bot,
      CAST.carla,
      CAST.ada,
      CAST.alex,
      'Bea Anoniem',
      CAST.wim,
      CAST.noor,
    );
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('exports what is held about a reporter and about a person named as involved, and records each request', async function () {
    // A simulation over months and many turns: slow on a busy machine, not a speed claim.
    this.timeout(90_000);
    const named = await report(alex, {
      involved: 'Jan Pietersen, Zonnedauwlaan 3',
      location: 'Zonnedauwlaan 3',
    });
    const anonymous = await report(bea, { involved: 'Jan Pietersen (zoon)', anonymous: 'true' });
    await report(alex, { involved: 'Kees Koster' });

    const reporter = cardText((await ada.says(`inzage ${alex.aadObjectId}`)).at(-1)!);
    assert.match(reporter, /Inzageverzoek AVG-/);
    assert.match(reporter, new RegExp(`${CAST.alex} \\(${alex.aadObjectId}\\)`));
    assert.match(reporter, new RegExp(`${named.reference} · Nieuw: wacht op beoordeling · 30-11-2026`));
    assert.match(reporter, /Zonnedauwlaan 3 — Elke nacht rijden busjes/);
    assert.match(reporter, /OND-2026-0003/);
    assert.doesNotMatch(
      reporter,
      new RegExp(anonymous.reference),
      'not the anonymous report of someone else',
    );

    const bysName = cardText((await ada.says('inzage Jan Pietersen')).at(-1)!);
    assert.match(bysName, /Genoemd als betrokkene/);
    assert.match(bysName, new RegExp(`${named.reference}[^\\n]*\\nJan Pietersen, Zonnedauwlaan 3`));
    assert.match(bysName, new RegExp(`${anonymous.reference}[^\\n]*\\nJan Pietersen \\(zoon\\)`));
    assert.doesNotMatch(bysName, /Kees Koster|Alex Melder|Bea Anoniem/, 'no reporter, no one else');

    const anonymousReporter = cardText((await ada.says(`inzage ${bea.aadObjectId}`)).at(-1)!);
    assert.doesNotMatch(
      anonymousReporter,
      new RegExp(anonymous.reference),
      'an anonymous report cannot be tied to its reporter, not even for an access request',
    );

    const register = cardText((await ada.says('verzoeken')).at(-1)!);
    assert.equal((register.match(/AVG-\w{6} · 30-11-2026 · inzage/g) ?? []).length, 3);
    const audit = await bot.storedDocuments('audit', 'audit');
    assert.equal(
      audit.filter((e) => e.action === 'privacy.access-exported' && e.actor === ada.aadObjectId).length,
      3,
    );
  });

  it('records correction and erasure requests with their outcome; a refusal keeps its reason', async () => {
    const refusedWithoutReason = (await ada.says('verzoek verwijdering Jan Pietersen; afgewezen')).at(-1)!;
    assert.match(
      refusedWithoutReason.activity.text ?? '',
      /Een afwijzing heeft een reden nodig.*Jan Pietersen; afgewezen/,
    );
    const recorded = (
      await ada.says(
        'verzoek verwijdering Jan Pietersen; afgewezen; Lopend onderzoek RIEC, art. 23 AVG (OND-2026-0001)',
      )
    ).at(-1)!;
    assert.match(recorded.activity.text ?? '', /Vastgelegd in het register als AVG-\w{6}/);
    await ada.says('verzoek correctie Kees Koster; toegekend; adres verbeterd in notitie');
    const nonsense = (await ada.says('verzoek wissen iedereen')).at(-1)!;
    assert.match(nonsense.activity.text ?? '', /begrijp ik niet: "wissen iedereen"/);

    const register = cardText((await ada.says('verzoeken')).at(-1)!);
    assert.match(register, /verwijdering · Jan Pietersen · afgewezen · Lopend onderzoek RIEC, art\. 23 AVG/);
    assert.match(register, /correctie · Kees Koster · toegekend/);
    const [stored] = (await bot.storedDocuments('privacy-request')).filter((r) => r.kind === 'erasure');
    assert.deepEqual(stored.signalReferences, ['OND-2026-0001']);
  });

  it('is for admins only (nobody, werkgroep, coordinator, admin, other tenant)', async () => {
    await report(alex, { involved: 'Jan Pietersen' });
    for (const who of [noor, wim, carla]) {
      for (const command of ['inzage Jan Pietersen', 'verzoeken', 'verzoek correctie Jan; toegekend']) {
        const reply = (await who.says(command)).at(-1)!;
        assert.match(
          reply.activity.text ?? '',
          /Dit kan alleen een beheerder/,
          `${who.who.name}: ${command}`,
        );
      }
    }
    assert.match(cardText((await ada.says('inzage Jan Pietersen')).at(-1)!), /OND-2026-0001/);
    // Ada is a (seeded) admin in the other tenant too: nothing of this tenant shows there.
    const elsewhere = bot.user(CAST.ada, OTHER_TENANT);
    const there = cardText((await elsewhere.says('inzage Jan Pietersen')).at(-1)!);
    assert.doesNotMatch(there, /OND-2026-0001/);
    assert.match(there, /Niets gevonden/);
    const registerThere = cardText((await elsewhere.says('verzoeken')).at(-1)!);
    assert.equal((registerThere.match(/· inzage ·/g) ?? []).length, 1, 'only the request made there');
  });
});
