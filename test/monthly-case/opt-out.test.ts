import assert from 'node:assert/strict';
import { matchCommand } from '../../bot/teams/routes';
import { cardText, person, TestBot } from '../helpers/test-bot';

describe('casus uit / casus aan', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await TestBot.start();
  });
  afterEach(async () => {
    await bot.stop();
  });

  const optOutOf = async (name: string) =>
    (await bot.storedDocuments('user')).find((doc) => doc.aadObjectId === person(name).aadObjectId)
      ?.monthlyCaseOptOut;

  it('switches the case of the month off and on for the person who says it, audited', async () => {
    const sanne = bot.user('Sanne Medewerker');
    assert.match((await sanne.says('casus uit')).at(-1)?.activity.text ?? '', /geen casus van de maand meer/);
    assert.equal(await optOutOf('Sanne Medewerker'), true);
    assert.match((await sanne.says('Casus aan')).at(-1)?.activity.text ?? '', /weer elke maand/);
    assert.equal(await optOutOf('Sanne Medewerker'), false);
    const audit = (await bot.storedDocuments('audit', 'audit')).map((event) => event.action);
    assert.deepEqual(
      audit.filter((action) => action.startsWith('monthly-case')),
      ['monthly-case.opted-out', 'monthly-case.opted-in'],
    );
  });

  it('in a channel, points to the 1:1 chat for this choice and changes nothing', async () => {
    const inChannel = bot.inChannel('Sanne Medewerker');
    const answer = cardText((await inChannel.says('casus uit')).at(-1)!);
    assert.match(answer, /casus van de maand.*1-op-1 chat/);
    assert.doesNotMatch(answer, /herijking/, 'not the herijking’s reason');
    assert.equal(await optOutOf('Sanne Medewerker'), undefined);
  });

  it('answers only these exact words: other casus commands are not caught', () => {
    assert.equal(matchCommand('casus uit')?.route.id, 'monthly-case-off');
    assert.equal(matchCommand('casus aan')?.route.id, 'monthly-case-on');
    for (const other of ['casus nieuw', 'casus cas-2026-0001', 'casus uit cas-1', 'casussen'])
      assert.ok(!matchCommand(other)?.route.id.startsWith('monthly-case'), other);
  });
});
