import assert from 'node:assert/strict';
import en from '../bot/i18n/en.json';
import nl from '../bot/i18n/nl.json';
import { matchCommand } from '../bot/teams/routes';
import type { SentActivity } from './helpers/capture-connector';
import { internalCodesIn, readableTexts, swallowedPlaceholdersIn } from './helpers/readable-text';
import { CAST, introduce, isAction, regieEnv, report } from './helpers/regie-fixtures';
import { findInput, TestBot } from './helpers/test-bot';

/**
 * Walks every command and the main card flows as people use them, in both languages, and reads
 * everything the bot shows: no internal code and no placeholder Teams would swallow.
 */
describe('every text a person reads is in words, in both languages', () => {
  for (const language of ['nl', 'en'] as const) {
    it(`shows no internal codes and no swallowed placeholders (${language})`, async () => {
      const bot = await TestBot.start({ env: regieEnv(), now: '2026-11-25T10:00:00Z' });
      try {
        const [carla, dave, ada, wim, alex] = await introduce(
          bot,
          CAST.carla,
          CAST.dave,
          CAST.ada,
          CAST.wim,
          CAST.alex,
        );
        const everyone = [carla, dave, ada, wim, alex];
        if (language === 'en') for (const person of everyone) await person.says('taal en');
        await ada.says(`rol geef ${CAST.wim} werkgroep`);
        await carla.says(`werkgroep lid + ${CAST.wim}`);
        const channel = bot.inChannel(CAST.carla);
        await channel.says('werkgroep koppel');

        // A reporter, from form to feedback.
        const { reference, code } = await report(alex, { urgency: 'urgent' });
        await report(alex, { category: 'money-laundering-real-estate', anonymous: 'true' });
        for (const command of ['help', 'mijn meldingen', `status ${code}`, 'zomaar iets', 'status'])
          await alex.says(command);

        // A coordinator works the signal through every step.
        for (const command of [
          'help',
          'open',
          'zoek',
          'zoek vakantiepark',
          'signaal',
          'rollen',
          'overdracht',
        ])
          await carla.says(command);
        let card = (await carla.says(`signaal ${reference}`)).at(-1)!;
        const step = async (action: string, inputs: Record<string, unknown> = {}) => {
          card = (await carla.clicks(card, isAction(action), inputs)).at(-1)!;
        };
        await step('pick-up');
        await step('note', { 'note.note': 'Kadaster bekeken.' });
        await step('ask-reporter', { 'ask-reporter.question': 'Hoe laat was dat?' });
        await bot.deliverOutbox();
        // The pick-up news and the question are due at the same instant; their order is not fixed.
        const question = alex
          .received()
          .findLast(
            (sent) => !!sent.activity?.attachments?.length && findInput(sent, 'answer') !== undefined,
          );
        assert.ok(question, 'the question reached the reporter');
        await alex.submits(question, { answer: 'Rond middernacht.' });
        card = (await carla.says(`signaal ${reference}`)).at(-1)!;
        await step('forward', { 'forward.partner': 'tax-office', 'forward.forwardedOn': '2026-11-25' });
        await carla.says('casus nieuw Casus De Eik');
        await step('link-case', { 'link-case.caseReference': 'CAS-2026-0001' });
        for (const command of [
          'casussen',
          'casus CAS-2026-0001',
          'casus cas-2026-99',
          'casus nieuw',
          'casus nieuw x',
        ])
          await carla.says(command);
        await step('close', { 'close.reason': 'no-follow-up' });
        await carla.says('open');
        await dave.says('open');
        const davesCard = (await dave.says(`signaal ${reference}`)).at(-1)!;
        await dave.clicks(davesCard, isAction('reject-closure'));
        card = (await carla.says(`signaal ${reference}`)).at(-1)!;
        await step('close', { 'close.reason': 'insufficient-information' });
        await bot.deliverOutbox();

        // The werkgroep's commands, with their usage texts.
        for (const command of [
          'werkgroep',
          'werkgroep iets',
          'actie nieuw',
          'acties',
          'acties alle',
          'acties te laat',
          'doelen',
          'doel wijzig 1',
          'doel iets',
          'vergadering',
          'vergadering iets',
          'vrije dagen',
          'vrije dag iets',
          'herijking',
          'instellingen',
        ])
          await carla.says(command);
        for (const command of ['open', 'instellingen', 'herijking', 'acties', 'meld'])
          await channel.says(command);

        // Meetings, a herijking round with an answer that needs fixing, its summary, and a handover.
        const meetingForm = (await carla.says('vergadering plan')).at(-1)!;
        const badPlan = (await carla.submits(meetingForm, { firstDate: '2026-11-01', repeat: 'custom' })).at(
          -1,
        )!;
        await carla.submits(badPlan, {
          firstDate: '2026-12-08',
          startTime: '14:00',
          durationMinutes: '90',
          repeat: 'monthly',
          rrule: '',
          location: 'Stadhuis',
        });
        await carla.says('vergadering');
        for (const instant of ['2027-01-04T08:00:00Z', '2027-01-11T08:00:00Z', '2027-01-18T08:00:00Z']) {
          bot.clock.set(instant);
          await bot.app.runPeriodicChecks();
          await bot.deliverOutbox();
          if (instant.startsWith('2027-01-04')) {
            const form = (await wim.says('herijking')).at(-1)!;
            const back = (await wim.submits(form, { '1.status': 'on-track' })).at(-1)!;
            await wim.submits(back, { '1.status': 'behind', '1.explanation': 'Wacht op de jurist.' });
          }
        }
        await carla.says('herijking');
        await carla.says(`overdracht ${CAST.dave}`);
        await bot.deliverOutbox();
        const summary = channel.received().some((sent) => /2027-Q1/.test(readableTexts(sent).join(' ')));
        assert.ok(summary, 'the herijking round ran to its summary');

        const problems: string[] = [];
        const read = (who: string, sent: SentActivity) => {
          for (const text of readableTexts(sent)) {
            for (const found of [...internalCodesIn(text), ...swallowedPlaceholdersIn(text)])
              problems.push(`${who}: "${found}" in "${text.slice(0, 120)}"`);
          }
        };
        for (const person of everyone) for (const sent of person.received()) read(person.who.name, sent);
        for (const sent of channel.received()) read('channel', sent);
        assert.deepEqual([...new Set(problems)], []);
        bot.assertAllCardsValid();
      } finally {
        await bot.stop();
      }
    });
  }
});

describe('help and usage texts', () => {
  const strings = (node: unknown): string[] =>
    typeof node === 'string' ? [node] : Object.values(node as object).flatMap(strings);

  it('hold no placeholder that Teams would swallow, in either language', () => {
    for (const table of [nl, en]) assert.deepEqual(strings(table).flatMap(swallowedPlaceholdersIn), []);
  });

  it('list in English the English command words, each one a command the bot knows', () => {
    const commands = Object.values(en.help)
      .flatMap((line) => [...line.matchAll(/\*\*([^*]+)\*\*/g)].map((match) => match[1] as string))
      .map((command) => command.replace(/«[^»]+»/g, 'Jan de Vries').toLowerCase());
    for (const command of commands) assert.ok(matchCommand(command), `"${command}" is a command`);
    const dutch = commands.filter((command) =>
      /^(acties?|doel(en)?|vergadering|vrije dag|instellingen|werkgroep|herijking|zoek|meld)\b/.test(command),
    );
    assert.deepEqual(dutch, [], 'English help names the English words');
  });
});
