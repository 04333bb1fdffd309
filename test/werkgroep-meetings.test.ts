import assert from 'node:assert/strict';
import type { SentActivity } from './helpers/capture-connector';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { validReport } from './helpers/report-fixtures';
import {
  cardOf,
  cardText,
  findInput,
  OTHER_TENANT,
  TENANT,
  TestBot,
  type TestUser,
} from './helpers/test-bot';

/** A monthly series on the second Tuesday at 14:00, starting 8 December 2026. */
const PLAN = {
  firstDate: '2026-12-08',
  startTime: '14:00',
  durationMinutes: '90',
  repeat: 'monthly',
  rrule: '',
  location: 'Stadhuis, kamer 2.14',
};

/** The calendar link's path on the card (the host is the configured public address). */
function calendarPathOn(card: SentActivity): string {
  const action = (cardOf(card).actions ?? []).find(
    (item: { type: string }) => item.type === 'Action.OpenUrl',
  );
  assert.ok(action, 'the card offers the calendar link');
  return new URL(action.url).pathname;
}

describe('werkgroep: meeting schedule, agenda digest and calendar', () => {
  let bot: TestBot;
  let carla: TestUser;
  let wim: TestUser;
  let channel: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' }); // Monday
    [carla, wim] = await introduce(bot, CAST.carla, CAST.wim);
    await carla.says(`werkgroep lid + ${CAST.wim}`);
    channel = bot.inChannel(CAST.carla);
    await channel.says('werkgroep koppel');
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  async function plan(values: Record<string, string> = PLAN): Promise<SentActivity[]> {
    const form = (await carla.says('vergadering plan')).at(-1)!;
    return carla.submits(form, values);
  }

  async function fetchCalendar(path: string): Promise<{ status: number; type: string | null; body: string }> {
    const response = await fetch(`${bot.app.url}${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.text(),
    };
  }

  it('plans the series from a form, giving bad input back with the values kept', async () => {
    assert.match((await carla.says('vergadering')).at(-1)?.activity.text ?? '', /nog geen vergaderschema/);
    assert.match(
      (await carla.says('vergadering morgen')).at(-1)?.activity.text ?? '',
      /vergadering plan wijzigt het/,
    );
    const bad = (
      await plan({ ...PLAN, firstDate: '2026-11-01', durationMinutes: '5', repeat: 'custom', rrule: '' })
    ).at(-1)!;
    const problems = cardText(bad);
    assert.match(problems, /niet in het verleden/);
    assert.match(problems, /15 tot 480 minuten/);
    assert.match(problems, /geldige herhaling/);
    assert.equal(findInput(bad, 'location').value, PLAN.location, 'entered values come back');
    assert.equal(findInput(bad, 'durationMinutes').value, '5');
    const badRule = (
      await carla.submits(bad, { ...PLAN, durationMinutes: '600', repeat: 'custom', rrule: 'FREQ=HOURLY' })
    ).at(-1)!;
    assert.match(cardText(badRule), /geldige herhaling/);
    assert.match(cardText(badRule), /15 tot 480 minuten/, 'a bad rule and a bad duration in one answer');
    assert.equal((await bot.storedDocuments('meeting-plan')).length, 0, 'nothing half-stored');

    const saved = await carla.submits(badRule, PLAN);
    const overview = saved.find((sent) => /Vergaderingen van de werkgroep/.test(cardText(sent)));
    assert.ok(overview, 'the form became the schedule');
    const text = cardText(overview);
    assert.match(text, /Elke maand, zelfde weekdag, om 14:00 \(90 minuten\)/);
    assert.match(text, /dinsdag 8 december 2026 om 14:00/);
    assert.match(text, /dinsdag 12 januari 2027 om 14:00/);
    assert.match(text, /dinsdag 9 februari 2027 om 14:00/);
    assert.ok(
      saved.some((sent) => /Eerstvolgende vergadering: dinsdag 8 december 2026/.test(sent.activity.text)),
    );
    const [audit] = (await bot.storedDocuments('audit', 'audit')).filter(
      (entry) => entry.action === 'meetings.planned',
    );
    assert.equal(audit.actor, carla.aadObjectId);
  });

  it('lets a running series change its time and place without moving its first date', async () => {
    await plan();
    bot.clock.set('2027-01-20T10:00:00Z'); // the series started in December
    const form = (await carla.says('vergadering plan')).at(-1)!;
    assert.equal(findInput(form, 'firstDate').value, '2026-12-08', 'the form shows the series as it is');
    const saved = await carla.submits(form, { ...PLAN, startTime: '15:00', location: 'Raadzaal' });
    assert.ok(
      saved.some((sent) =>
        /Eerstvolgende vergadering: dinsdag 9 februari 2027 om 15:00/.test(sent.activity.text ?? ''),
      ),
    );
    const [stored] = await bot.storedDocuments('meeting-plan');
    assert.equal(stored.firstDate, '2026-12-08');
    assert.equal(stored.location, 'Raadzaal');
  });

  it('lets the werkgroep see the schedule but only coordinators change it', async () => {
    await plan();
    const seen = (await wim.says('vergadering')).at(-1)!;
    assert.match(cardText(seen), /dinsdag 8 december 2026 om 14:00/);
    assert.ok(
      !(cardOf(seen).actions ?? []).some(
        (action: { data?: { verb?: string } }) => action.data?.verb === 'meeting.form',
      ),
      'no change button for a member',
    );
    assert.match(
      (await wim.says('vergadering plan')).at(-1)?.activity.text ?? '',
      /alleen voor beheerders en regievoerders/,
    );
    const outsider = bot.user(CAST.noor);
    assert.match(
      (await outsider.says('vergadering')).at(-1)?.activity.text ?? '',
      /voor de werkgroep en de regievoerders/,
    );
  });

  it('posts counts, never details, in the channel at 09:00 on the working day before each meeting', async () => {
    await plan();
    const alex = bot.user(CAST.alex);
    const first = await report(alex);
    await report(alex, { urgency: 'urgent' });
    await bot.deliverOutbox();
    const digestsIn = () => channel.received().filter((sent) => /Agenda werkgroep/.test(cardText(sent)));

    const checkAt = async (instant: string) => {
      bot.clock.set(instant);
      await bot.app.runPeriodicChecks();
      await bot.deliverOutbox();
    };
    await checkAt('2026-12-07T07:59:00Z'); // Monday 08:59 in Amsterdam
    assert.equal(digestsIn().length, 0, 'not before 09:00');
    await checkAt('2026-12-07T08:00:00Z'); // Monday 09:00
    await checkAt('2026-12-07T08:05:00Z');
    assert.equal(digestsIn().length, 1, 'once');
    const digest = cardText(digestsIn()[0]!);
    assert.match(digest, /vergadering van dinsdag 8 december 2026 om 14:00/);
    assert.match(digest, /Nieuwe signalen\n2/);
    assert.match(digest, /Open signalen\n2/);
    assert.match(digest, /Stadhuis, kamer 2\.14/);
    const raw = JSON.stringify(digestsIn()[0]!.activity);
    for (const detail of [first.reference, validReport.location, 'kenteken', CAST.alex, 'Urgent'])
      assert.ok(!raw.includes(detail), `the digest does not show ${detail}`);

    // Between meetings one more signal; the January digest counts from the December meeting.
    bot.clock.set('2026-12-20T10:00:00Z');
    await report(alex);
    await checkAt('2027-01-11T08:00:00Z'); // Monday before Tuesday 12 January
    assert.equal(digestsIn().length, 2);
    const january = cardText(digestsIn()[1]!);
    assert.match(january, /vergadering van dinsdag 12 januari 2027 om 14:00/);
    assert.match(january, /Sinds de vorige vergadering \(dinsdag 8 december 2026 om 14:00\)/);
    assert.match(january, /Nieuwe signalen\n1/);
    assert.match(january, /Open signalen\n3/);
  });

  it('serves the series as an .ics behind a link that can be renewed, and to nobody else', async () => {
    const saved = await plan();
    const path = calendarPathOn(saved.find((sent) => /Vergaderingen van de werkgroep/.test(cardText(sent)))!);
    const calendar = await fetchCalendar(path);
    assert.equal(calendar.status, 200);
    assert.match(calendar.type ?? '', /^text\/calendar/);
    assert.match(calendar.body, /DTSTART;TZID=Europe\/Amsterdam:20261208T140000/);
    assert.match(calendar.body, /DTEND;TZID=Europe\/Amsterdam:20261208T153000/);
    assert.match(calendar.body, /RRULE:FREQ=MONTHLY;BYDAY=2TU/);
    assert.match(calendar.body, /LOCATION:Stadhuis\\, kamer 2\.14/);

    const token = path.split('/')[4]!;
    assert.equal((await fetchCalendar(path.replace(token, `${token.slice(0, -1)}x`))).status, 404);
    assert.equal((await fetchCalendar(path.replace(encodeURIComponent(TENANT), OTHER_TENANT))).status, 404);

    await carla.says('vergadering nieuwe link');
    assert.equal((await fetchCalendar(path)).status, 404, 'the old link stops working');
    const renewed = calendarPathOn(carla.lastCard());
    assert.notEqual(renewed, path);
    assert.equal((await fetchCalendar(renewed)).status, 200);

    await carla.says('vergadering stop');
    assert.equal((await fetchCalendar(renewed)).status, 404);
    bot.clock.set('2026-12-07T08:00:00Z');
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    assert.ok(
      !channel.received().some((sent) => /Agenda werkgroep/.test(cardText(sent))),
      'no digest after stop',
    );
  });
});
