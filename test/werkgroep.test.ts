import assert from 'node:assert/strict';
import { openRound } from '../bot/domain/herijking/herijking-rounds';
import { CAST, introduce, regieEnv, report } from './helpers/regie-fixtures';
import { cardText, findInput, person, TestBot, type TestUser } from './helpers/test-bot';

describe('werkgroep: channel, members, actions and the herijking', () => {
  let bot: TestBot;
  let carla: TestUser;
  let wim: TestUser;
  let wanda: TestUser;
  let channel: TestUser;

  beforeEach(async () => {
    bot = await TestBot.start({ env: regieEnv(), now: '2026-11-30T09:00:00Z' }); // Monday
    [carla, wim, wanda] = await introduce(bot, CAST.carla, CAST.wim, 'Wanda Werkgroep');
    await carla.says(`werkgroep lid + ${CAST.wim}`);
    await carla.says('werkgroep lid + Wanda Werkgroep');
    channel = bot.inChannel(CAST.carla);
    await channel.says('werkgroep koppel');
  });

  afterEach(async () => {
    bot.assertAllCardsValid();
    await bot.stop();
  });

  it('links the channel, lists members and says who cannot be reached 1:1 yet', async () => {
    assert.match(channel.received().at(-1)?.activity.text ?? '', /Dit kanaal is nu het werkgroepkanaal/);
    await bot.inChannel('Piet Nieuw').says('help'); // known by name from the channel, never wrote 1:1
    assert.match((await carla.says('werkgroep lid + Piet Nieuw')).at(-1)?.activity.text ?? '', /is nu lid/);
    const list = (await carla.says('werkgroep')).at(-1)!;
    const text = cardText(list);
    for (const name of [CAST.wim, 'Wanda Werkgroep', 'Piet Nieuw']) assert.match(text, new RegExp(name));
    assert.match(text, /Nog niet bereikbaar voor persoonlijke berichten: Piet Nieuw\./);
    assert.match(text, /werkgroepkanaal is gekoppeld/);
    assert.match(
      (await wim.says('werkgroep koppel')).at(-1)?.activity.text ?? '',
      /in het kanaal van de werkgroep/,
    );
    assert.match(
      (await wim.says(`werkgroep lid + ${CAST.ada}`)).at(-1)?.activity.text ?? '',
      /alleen voor beheerders en regievoerders/,
    );
  });

  it('chooses the werkgroep from the team roster; only coordinators can apply the choice', async () => {
    const teamId = '19:werkgroep@thread.tacv2';
    const roster = [CAST.carla, CAST.wim, 'Wanda Werkgroep', 'Tom Team'].map((name) => ({
      name,
      aadObjectId: person(name).aadObjectId,
    }));
    bot.connector.setRoster(teamId, roster);
    assert.match(
      (await carla.says('werkgroep team')).at(-1)?.activity.text ?? '',
      /in het kanaal van het team/,
    );

    const card = (await channel.says('werkgroep team')).at(-1)!;
    const choice = findInput(card, 'members');
    assert.deepEqual(
      choice.choices.map((option: { title: string }) => option.title),
      [CAST.carla, 'Tom Team', 'Wanda Werkgroep', CAST.wim],
    );
    assert.deepEqual(
      choice.value.split(',').sort(),
      [wim.aadObjectId, wanda.aadObjectId].sort(),
      'current members ticked',
    );

    const tom = person('Tom Team').aadObjectId;
    const wimInChannel = bot.inChannel(CAST.wim);
    assert.match(
      (await wimInChannel.clicks(card, (data) => data.verb === 'werkgroep.roster', { members: tom })).at(-1)
        ?.activity.text ?? '',
      /alleen voor beheerders en regievoerders/,
    );
    const forged = await channel.clicks(card, (data) => data.verb === 'werkgroep.roster', {
      members: `${tom},${person(CAST.ada).aadObjectId}`,
    });
    assert.match(forged.at(-1)?.activity.text ?? '', /hoort niet bij de teamleden/);

    const saved = await channel.clicks(card, (data) => data.verb === 'werkgroep.roster', {
      members: `${wim.aadObjectId},${tom}`,
    });
    assert.ok(saved.some((sent) => /1 toegevoegd, 1 verwijderd/.test(sent.activity.text ?? '')));
    const list = cardText((await carla.says('werkgroep')).at(-1)!);
    assert.match(list, /Tom Team/);
    assert.match(list, /Nog niet bereikbaar voor persoonlijke berichten: Tom Team\./);
    assert.doesNotMatch(list, /Wanda Werkgroep/);

    bot.connector.failNext(1, 403);
    assert.match(
      (await channel.says('werkgroep team')).at(-1)?.activity.text ?? '',
      /kon de leden van dit team niet ophalen/,
    );
  });

  it('records an action from the form, rejects bad input with the values kept, and reminds the owner on working days', async () => {
    const form = (await carla.says('actie nieuw')).at(-1)!;
    const bad = (
      await carla.submits(form, { title: 'x', owner: '', dueOn: '2026-11-01', linkedTo: 'doel 1' })
    ).at(-1)!;
    assert.match(cardText(bad), /3 tot 300 tekens/);
    assert.equal(findInput(bad, 'linkedTo').value, 'doel 1', 'entered values come back');
    const created = await carla.submits(bad, {
      title: 'Handelingskader opstellen met Handhaving',
      owner: wim.aadObjectId,
      dueOn: '2026-12-04',
      linkedTo: 'doel 1',
    });
    assert.ok(
      created.some((sent) => /Actie vastgelegd: Handelingskader opstellen/.test(sent.activity.text ?? '')),
    );
    await bot.deliverOutbox();
    assert.ok(wim.received().some((sent) => /Nieuwe actie voor jou/.test(cardText(sent))));

    const remindersOn = async (instant: string) => {
      bot.clock.set(instant);
      await bot.app.runPeriodicChecks();
      await bot.deliverOutbox();
      return wim
        .received()
        .map(cardText)
        .filter((text) => /Handelingskader opstellen/.test(text));
    };
    assert.equal((await remindersOn('2026-12-01T08:00:00Z')).length, 1, 'Tuesday: nothing yet');
    assert.match(
      (await remindersOn('2026-12-02T08:00:00Z')).at(-1)!,
      /binnenkort klaar/,
      'two working days before',
    );
    assert.match((await remindersOn('2026-12-04T08:00:00Z')).at(-1)!, /Vandaag is de uiterste datum/);
    assert.equal((await remindersOn('2026-12-05T08:00:00Z')).length, 3, 'Saturday: no reminder');
    assert.match(
      (await remindersOn('2026-12-07T08:00:00Z')).at(-1)!,
      /Deze actie is te laat/,
      'Monday: overdue',
    );
    assert.equal((await remindersOn('2026-12-07T15:00:00Z')).length, 4, 'once per day');

    const mine = (await wim.says('acties')).at(-1)!;
    assert.match(cardText(mine), /te laat sinds 04-12-2026/);
    const reminder = wim.received().findLast((sent) => /Deze actie is te laat/.test(cardText(sent)))!;

    // Moving the date: not into the past; the coordinator still sees what was agreed first.
    const isPropose = (data: Record<string, unknown>) => data.verb === 'action.propose';
    const past = await wim.clicks(reminder, isPropose, { proposedDueOn: '2026-12-01' });
    assert.match(past.at(-1)?.activity.text ?? '', /Kies een datum vanaf vandaag/);
    const moved = (await wim.clicks(reminder, isPropose, { proposedDueOn: '2026-12-11' })).at(-1)!;
    assert.match(cardText(moved), /klaar op 11-12-2026/);
    const slipping = cardText((await carla.says('acties alle')).at(-1)!);
    assert.match(slipping, /klaar op 11-12-2026/);
    assert.match(slipping, /verschoven, eerst afgesproken voor 04-12-2026 \(1×\)/);

    const done = (await wim.clicks(moved, (data) => data.verb === 'action.done')).at(-1)!;
    assert.match(cardText(done), /Afgerond/);
    assert.match(cardText((await wim.says('acties')).at(-1)!), /Je hebt geen openstaande acties/);
    assert.match(
      (await wim.clicks(reminder, (data) => data.verb === 'action.done')).at(-1)?.activity.text ?? '',
      /al afgerond/,
    );
  });

  it('runs a herijking: prompts every member, needs an explanation for every status, reminds non-responders, summarises', async () => {
    bot.clock.set('2027-01-04T08:00:00Z'); // first working day of 2027, 09:00 Amsterdam
    const round = await openRound(bot.app.services, person(CAST.carla).tenantId);
    assert.ok(round);
    assert.equal(await openRound(bot.app.services, person(CAST.carla).tenantId), undefined, 'opens once');
    await bot.deliverOutbox();
    assert.match(cardText(channel.received().at(-1)!), /Herijking 2027-Q1 is geopend/);
    const prompt = wim.received().findLast((sent) => /Herijking 2027-Q1: jouw antwoord/.test(cardText(sent)));
    assert.ok(prompt, 'each member gets a personal card');
    assert.ok(wanda.received().some((sent) => /Herijking 2027-Q1/.test(cardText(sent))));

    const green = {
      '1.status': 'on-track',
      '1.explanation': '',
      '2.status': 'behind',
      '2.explanation': 'Politie levert nog geen cijfers aan.',
      '3.status': 'achieved',
      '3.explanation': 'Werkgroep is drie keer bijeen geweest.',
      '4.status': 'on-track',
      '4.explanation': 'Meldingen komen binnen en krijgen terugkoppeling.',
    };
    const refused = (await wim.submits(prompt, green)).at(-1)!;
    assert.match(
      cardText(refused),
      /uitleg van minimaal 10 tekens/,
      '"green" without an explanation is refused',
    );
    assert.equal(findInput(refused, '2.explanation').value, 'Politie levert nog geen cijfers aan.');
    const complete = {
      ...green,
      '1.explanation': 'Concept ligt bij de afdelingen.',
      '2.proposal': 'Afspraak maken met de wijkagent over cijfers',
    };
    assert.ok(
      (await wim.submits(refused, complete)).some((sent) =>
        /antwoord op de herijking 2027-Q1 is opgeslagen/.test(sent.activity.text ?? ''),
      ),
    );

    bot.clock.set('2027-01-11T08:30:00Z'); // 5 working days later
    await bot.app.runPeriodicChecks();
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    assert.equal(
      wanda.received().filter((sent) => /Herinnering: herijking 2027-Q1/.test(cardText(sent))).length,
      1,
    );
    const reminder = wanda.received().find((sent) => /Herinnering: herijking 2027-Q1/.test(cardText(sent)))!;
    assert.ok(findInput(reminder, '1.explanation'), 'the reminder is the form itself: answer right there');
    assert.ok(
      !wim.received().some((sent) => /Herinnering: herijking/.test(cardText(sent))),
      'responders are not chased',
    );

    bot.clock.set('2027-01-18T08:00:00Z'); // closing day, 09:00 Amsterdam
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    const summary = cardText(channel.received().at(-1)!);
    assert.match(summary, /Samenvatting herijking 2027-Q1/);
    assert.match(summary, /1 van 2 leden hebben geantwoord/);
    assert.match(summary, /Politie levert nog geen cijfers aan/);
    assert.match(summary, /Afspraak maken met de wijkagent/);
    // The channel gets the summary only: no buttons and no member ids meant for coordinators.
    const channelCard = JSON.stringify(channel.received().at(-1)?.activity);
    assert.doesNotMatch(channelCard, /Action\.|action\.from-proposal/, 'no buttons in the channel');
    for (const member of [wim, wanda, carla])
      assert.ok(!channelCard.includes(member.aadObjectId), 'no member ids in the channel');
    const coordinatorSummary = carla
      .received()
      .findLast((sent) => /Samenvatting herijking/.test(cardText(sent)))!;
    const made = await carla.clicks(coordinatorSummary, (data) => data.verb === 'action.from-proposal');
    assert.ok(
      made.some((sent) => /Actie vastgelegd: Afspraak maken met de wijkagent/.test(sent.activity.text ?? '')),
    );
    const actions = await bot.storedDocuments('action');
    assert.equal(actions[0].ownerAadObjectId, wim.aadObjectId, 'the proposer owns the action');
    assert.equal(actions[0].linkedTo, 'herijking 2027-Q1');

    assert.match(
      (await wanda.submits(prompt, complete)).at(-1)?.activity.text ?? '',
      /gesloten/,
      'no answers after closing',
    );
  });

  it('opens the herijking by itself at 09:00 on the first working day of the quarter, once', async () => {
    // Linking also schedules the case of the month (its own schedule).
    const schedule = (await bot.storedDocuments('schedule')).find(
      (stored) => stored.kind === 'herijking-open',
    );
    assert.ok(schedule, 'linking the channel schedules the herijking');
    const opened = () =>
      channel.received().filter((sent) => /Herijking 2027-Q1 is geopend/.test(cardText(sent))).length;
    bot.clock.set('2027-01-01T08:00:00Z'); // New Year's Day: not a working day
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    assert.equal(opened(), 0);
    bot.clock.set('2027-01-04T07:59:00Z'); // Monday 08:59 in Amsterdam
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    assert.equal(opened(), 0, 'not before 09:00');
    bot.clock.set('2027-01-04T08:00:00Z');
    await bot.app.runPeriodicChecks();
    await bot.app.runPeriodicChecks();
    await bot.deliverOutbox();
    assert.equal(opened(), 1, 'opens once, at 09:00');
    const [round] = await bot.storedDocuments('herijking-round');
    assert.equal(round.closesOn, '2027-01-18', 'ten working days');
    assert.ok(wim.received().some((sent) => /Herijking 2027-Q1: jouw antwoord/.test(cardText(sent))));
  });

  it('posts only counts and summaries in the channel, never signal details', async () => {
    await report(bot.user(CAST.alex));
    bot.clock.set('2027-01-04T08:00:00Z');
    await openRound(bot.app.services, person(CAST.carla).tenantId);
    await bot.deliverOutbox();
    const posted = JSON.stringify(channel.received().map((sent) => sent.activity));
    assert.doesNotMatch(posted, /OND-2026|Recreatiepark|kenteken/);
  });
});
