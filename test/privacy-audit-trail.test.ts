import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CosmosAuditLog } from '../bot/storage/cosmos-audit-log';
import { work } from './helpers/privacy-fixtures';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, OTHER_TENANT, TestBot, type TestUser } from './helpers/test-bot';

const MINUTE = 60_000;

describe('privacy: the audit trail, readable', () => {
  let bot: TestBot;
  let carla: TestUser;
  let ada: TestUser;
  let alex: TestUser;
  let wim: TestUser;
  let noor: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' });
    [carla, ada, alex, wim, noor] = await introduce(
      bot,
      CAST.carla,
      CAST.ada,
      CAST.alex,
      CAST.wim,
      CAST.noor,
    );
    await ada.says(`rol geef ${CAST.wim} werkgroep`);
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  const lines = (text: string) => text.split('\n').filter((line) => / · /.test(line));

  it('shows who read or changed a signal, newest first, without its content; the read is audited too', async () => {
    const { reference } = await report(alex);
    bot.clock.advance(MINUTE);
    await work(carla, reference, [['pick-up']]);
    bot.clock.advance(MINUTE);
    await work(carla, reference, [['note', { 'note.note': 'Geheime notitie over Jansen' }]]);
    bot.clock.advance(MINUTE);

    const trail = cardText((await ada.says(`audit ${reference}`)).at(-1)!);
    assert.match(trail, new RegExp(`Audittrail ${reference}`));
    const shown = lines(trail);
    const times = shown.map((line) => line.slice(0, 16));
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    assert.match(shown.slice(0, 2).join('\n'), /30-11-2026 10:02 · Carla Coördinator · notitie toegevoegd/);
    assert.match(shown.at(-1)!, /30-11-2026 10:00 · de melder · gemeld/);
    assert.ok(shown.some((line) => /10:01 · Carla Coördinator · opgepakt/.test(line)));
    assert.ok(shown.some((line) => /Carla Coördinator · bekeken/.test(line)));
    assert.doesNotMatch(trail, /Jansen|Alex Melder/, 'no content and no reporter in the trail');

    bot.clock.advance(MINUTE);
    const again = lines(cardText((await carla.says(`audit ${reference}`)).at(-1)!));
    assert.match(again[0]!, /10:03 · Ada Beheerder · audittrail bekeken/, 'the earlier read is on the trail');
  });

  it('pages ten at a time and shows what a person did in the last 90 days', async function () {
    // A simulation over months and many turns: slow on a busy machine, not a speed claim.
    this.timeout(90_000);
    const { reference } = await report(alex);
    bot.clock.set('2026-08-01T09:00:00Z');
    await carla.says(`signaal ${reference}`); // long ago: outside a person's 90 days
    for (let view = 0; view < 11; view += 1) {
      bot.clock.set(new Date(Date.UTC(2026, 11, 1, 9, view)));
      await carla.says(`signaal ${reference}`);
    }
    const first = cardText((await ada.says(`audit ${reference}`)).at(-1)!);
    assert.equal(lines(first).length, 10);
    assert.match(lines(first)[0]!, /01-12-2026 10:10/);
    assert.match(first, new RegExp(`Meer: typ audit ${reference} 2`));
    const second = cardText((await ada.says(`audit ${reference} 2`)).at(-1)!);
    assert.equal(lines(second).length, 4, 'the last view, Ada’s first read, the report, the view in August');
    assert.match(lines(second).at(-1)!, /01-08-2026 11:00 · Carla Coördinator · bekeken/);
    assert.doesNotMatch(second, /Meer:/);

    const person = cardText((await ada.says(`audit ${CAST.carla}`)).at(-1)!);
    assert.match(person, /Audittrail Carla Coördinator, laatste 90 dagen/);
    assert.match(
      lines(person)[0]!,
      new RegExp(`01-12-2026 10:10 · Carla Coördinator · bekeken · ${reference}`),
    );
    assert.doesNotMatch(person, /08-2026/, 'only the last 90 days');
    const audit = await bot.storedDocuments('audit', 'audit');
    assert.ok(audit.some((e) => e.action === 'audit.read' && e.subjectId === `person:${carla.aadObjectId}`));
  });

  it('lets only admins and coordinators of the tenant read it (nobody, werkgroep, coordinator, admin, other tenant)', async () => {
    const { reference } = await report(alex);
    const refusals: [TestUser, RegExp][] = [
      [noor, /alleen voor beheerders en regievoerders/],
      [wim, /alleen voor beheerders en regievoerders/],
      [alex, /alleen voor beheerders en regievoerders/],
    ];
    for (const [who, refusal] of refusals) {
      for (const command of [`audit ${reference}`, `audit ${CAST.carla}`, 'bewaartermijnen']) {
        const reply = (await who.says(command)).at(-1)!;
        assert.match(reply.activity.text ?? '', refusal, `${who.who.name}: ${command}`);
      }
    }
    for (const who of [carla, ada]) {
      assert.match(cardText((await who.says(`audit ${reference}`)).at(-1)!), /Audittrail/);
      assert.match(cardText((await who.says('bewaartermijnen')).at(-1)!), /Bewaartermijnen/);
    }
    for (const who of [carla, wim, noor]) {
      const change = (await who.says('bewaartermijnen doorgezet 12')).at(-1)!;
      assert.match(
        change.activity.text ?? '',
        /alleen een beheerder/,
        `${who.who.name} may not change terms`,
      );
    }
    for (const who of [ada, wim, noor]) {
      const hold = (await who.says(`bewaren ${reference} procedure`)).at(-1)!;
      assert.match(hold.activity.text ?? '', /alleen/, `${who.who.name} may not place a hold`);
    }
    // Carla is a (seeded) coordinator in the other tenant too; she sees nothing of this one there.
    const elsewhere = bot.user(CAST.carla, OTHER_TENANT);
    assert.match((await elsewhere.says(`audit ${reference}`)).at(-1)!.activity.text ?? '', /geen melding/);
    const person = (await elsewhere.says(`audit ${CAST.alex}`)).at(-1)!;
    assert.match(person.activity.text ?? '', /ken niemand met die naam/);
  });

  it('has no path in the code that changes or deletes an audit entry', () => {
    assert.deepEqual(Object.getOwnPropertyNames(CosmosAuditLog.prototype).sort(), [
      'constructor',
      'record',
      'recordOnce',
    ]);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const touching = files('bot').filter((file) =>
      /container\('audit'\)|cosmos-audit/.test(readFileSync(file, 'utf8')),
    );
    for (const file of [
      ...touching,
      'bot/storage/cosmos-audit-log.ts',
      'bot/storage/cosmos-audit-reader.ts',
    ]) {
      if (file === 'bot/app.ts') continue;
      assert.doesNotMatch(readFileSync(file, 'utf8'), /\.(replace|delete|upsert|patch|batch)\(/, file);
    }
    assert.match(readFileSync('bot/app.ts', 'utf8'), /new CosmosAuditLog\(store\.container\('audit'\)/);
  });
});
