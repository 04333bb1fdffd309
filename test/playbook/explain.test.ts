import assert from 'node:assert/strict';
import { playbookLink } from '../../bot/teams/playbook-link';
import { cardOf, cardText, person, TENANT, TestBot } from '../helpers/test-bot';

const COORDINATOR = person('Coco Regie');

describe('the link to the playbook', () => {
  it("is a deep link to the app's Playbook tab in Teams, else the tab page on the bot's address", () => {
    assert.equal(
      playbookLink('1b2c3d4e-0000-4000-8000-000000000001', 'https://dk.example.org'),
      'https://teams.microsoft.com/l/entity/1b2c3d4e-0000-4000-8000-000000000001/playbook',
    );
    assert.equal(
      playbookLink(undefined, 'http://localhost:3978/'),
      'http://localhost:3978/tab/?view=playbook',
    );
    assert.equal(playbookLink(undefined, undefined), undefined);
  });
});

describe('uitleg: the playbook in chat', () => {
  let bot: TestBot;

  beforeEach(async () => {
    bot = await TestBot.start({
      coordinators: [COORDINATOR.aadObjectId],
      env: {
        TAB_LOCAL_MODE: 'true',
        TAB_LOCAL_TENANT_ID: TENANT,
        TAB_LOCAL_USER_ID: COORDINATOR.aadObjectId,
      },
    });
  });
  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  type Action = { type: string; title: string; url?: string; data?: Record<string, unknown> };
  type CardJson = { actions?: Action[]; body: { type: string; actions?: Action[] }[] };
  const actionsOf = (card: CardJson): Action[] => [
    ...(card.actions ?? []),
    ...card.body.filter((element) => element.type === 'ActionSet').flatMap((set) => set.actions ?? []),
  ];

  it('asks a person without a line of work to choose one, remembers it, and shows their examples', async () => {
    const sanne = bot.user('Sanne Medewerker');
    const first = (await sanne.says('uitleg')).at(-1);
    assert.ok(first);
    const text = cardText(first);
    assert.match(text, /Ondermijning is criminaliteit die de legale wereld gebruikt/);
    assert.match(text, /In welk vakgebied werk je\?/);
    assert.match(text, /Doe geen eigen onderzoek/);
    const actions = actionsOf(cardOf(first));
    assert.deepEqual(
      actions.filter((action) => action.data?.verb === 'playbook.line').map((action) => action.title),
      ['Vergunningen', 'Burgerzaken', 'Vastgoed', 'Sociaal domein', 'Handhaving (toezicht, BOA)'],
    );
    assert.ok(
      actions.some((action) => action.data?.verb === 'report.open'),
      'the meld button',
    );
    const link = actions.find((action) => action.type === 'Action.OpenUrl');
    assert.match(link?.url ?? '', /\/tab\/\?view=playbook$/);

    const chosen = (await sanne.clicks(first, (data) => data.lineOfWork === 'civil-registry')).at(-1);
    assert.ok(chosen);
    assert.match(cardText(chosen), /Waar let je op bij Burgerzaken\?/);
    assert.match(cardText(chosen), /Veel inschrijvingen op één adres/);
    assert.doesNotMatch(cardText(chosen), /In welk vakgebied werk je/);
    const [profile] = (await bot.storedDocuments('user')).filter(
      (doc) => doc.aadObjectId === person('Sanne Medewerker').aadObjectId,
    );
    assert.equal(profile.lineOfWork, 'civil-registry');

    // Asked again, in other words: the choice is remembered.
    const again = (await sanne.says('Wat is ondermijning?')).at(-1);
    assert.ok(again);
    assert.match(cardText(again), /Waar let je op bij Burgerzaken\?/);
    assert.ok(actionsOf(cardOf(again)).some((action) => action.data?.verb === 'playbook.choose'));
    const other = (await sanne.clicks(again, (data) => data.verb === 'playbook.choose')).at(-1);
    assert.ok(other);
    assert.match(cardText(other), /In welk vakgebied werk je\?/);
  });

  it('refuses a line of work that is not on the card, and stores nothing', async () => {
    const sanne = bot.user('Sanne Medewerker');
    const card = (await sanne.says('uitleg')).at(-1);
    assert.ok(card);
    const answer = (
      await sanne.submitsRaw(card.activityId, { verb: 'playbook.line', lineOfWork: '<b>x</b>' })
    ).at(-1);
    assert.ok(answer);
    assert.match(cardText(answer), /In welk vakgebied werk je\?/);
    const profiles = await bot.storedDocuments('user');
    assert.ok(profiles.every((profile) => profile.lineOfWork === undefined));
  });

  it("shows the tenant's own text, only as text runs, in English too", async () => {
    const saved = await fetch(`${bot.app.url}/api/tab/playbook`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '',
        texts: { 'work.enforcement': '- Let op [link](javascript:alert(1)) en <b>dit</b> «u»' },
      }),
    });
    assert.equal(saved.status, 200);
    const bram = bot.user('Bram Boa');
    await bram.says('taal en');
    const card = (await bram.says('explain')).at(-1);
    assert.ok(card);
    assert.match(cardText(card), /Subversive crime \(ondermijning\) is crime that uses the legal world/);
    const chosen = (await bram.clicks(card, (data) => data.lineOfWork === 'enforcement')).at(-1);
    assert.ok(chosen);
    assert.match(cardText(chosen), /What to look for in Enforcement/);
    assert.match(cardText(chosen), /Let op \[link\]\(javascript:alert\(1\)\) en <b>dit<\/b>/);
    // assertAllCardsValid (afterEach) checks the «u» text reached the card only as TextRuns.
  });

  it('is in the help card, and coordinators also find rapport there', async () => {
    const staffHelp = (await bot.user('Sanne Medewerker').says('help')).at(-1);
    assert.ok(staffHelp);
    assert.match(cardText(staffHelp), /\*\*uitleg\*\*/);
    assert.doesNotMatch(cardText(staffHelp), /\*\*rapport/);
    const coordinatorHelp = (await bot.user('Coco Regie').says('help')).at(-1);
    assert.ok(coordinatorHelp);
    assert.match(cardText(coordinatorHelp), /\*\*rapport 2026-Q3\*\* – de kwartaalrapportage/);
  });
});
