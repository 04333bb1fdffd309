import assert from 'node:assert/strict';
import { Template } from 'adaptivecards-templating';
import { type Language, stringsFor } from '../bot/i18n/translate';
import helpTemplate from '../cards/help.json';
import openItemsTemplate from '../cards/open-items.json';
import receiptTemplate from '../cards/receipt.json';
import { renderTemplate } from '../cards/render-template';
import signalTemplate from '../cards/signal.json';

/**
 * Cards are rendered from templates parsed once per card file (cards/render-template.ts). A
 * parsed template serves every render: each card must be exactly what a freshly parsed template
 * gives for the same data, whatever was rendered before it, and text a person typed stays data.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a person typing template syntax is the point
const HOSTILE = '**vet** <b>html</b> [link](https://evil.example) ${t.help.title} ${$root.t.help.title}';

function freshlyParsed(template: object, language: Language, data: object): unknown {
  return new Template(structuredClone(template)).expand({ $root: { ...data, t: stringsFor(language) } });
}

function openList(items: number, text: string) {
  return {
    title: `Open (${items})`,
    empty: 'Niets open',
    summary: items ? `${items} nieuw` : '',
    pageLabel: items > 2 ? 'Pagina 1 van 2' : '',
    hasNext: items > 2,
    nextPage: 2,
    items: Array.from({ length: items }, (_, i) => ({
      signalId: `signal-${i}`,
      reference: `OND-2026-${String(i + 1).padStart(4, '0')}`,
      reasonLabel: i % 2 ? 'Nieuw' : 'Terugkoppeling te laat',
      color: i % 2 ? 'Accent' : 'Attention',
      urgent: i % 3 === 0,
      categoryLabel: 'Drugs',
      statusLabel: i % 2 ? '' : 'In behandeling',
      location: `${text} ${i}`,
    })),
  };
}

function signalCard(text: string, open: boolean, notes: number) {
  const flag = (value: boolean) => ({
    pickUp: value,
    approve: false,
    reject: false,
    withdraw: false,
    note: value,
    assign: value,
    ask: value,
    forward: value,
    linkCase: value,
    unlinkCase: false,
    showCase: false,
    close: value,
    more: value,
  });
  return {
    notice: open ? '' : 'Gesloten',
    noticeColor: open ? 'Default' : 'Good',
    signalId: 'signal-1',
    revision: notes,
    reference: 'OND-2026-0001',
    urgent: !open,
    feedbackOverdue: open,
    pendingClosure: false,
    pendingHeadline: '',
    pendingText: '',
    approveTitle: '',
    statusLabel: open ? 'In behandeling' : 'Gesloten',
    categoryLabel: 'Drugs',
    reportedOn: '20-11-2026 10:00',
    observedOn: '19-11-2026',
    assigneeName: open ? 'Carla' : 'niemand',
    feedbackDueOn: open ? '27-11-2026' : '',
    forwardedTo: open ? '' : 'Politie (21-11-2026)',
    caseReference: open ? '' : 'ZAAK-1',
    oldCaseName: '',
    draft: { caseReference: open ? text : '' },
    closure: open ? '' : 'Geen vervolg',
    reporter: text,
    partnerOrganisation: '',
    messageLink: '',
    location: text,
    description: `${text} `.repeat(open ? 1 : 40),
    descriptionStart: open ? '' : `${text} …`,
    folded: !open,
    involved: open ? text : '',
    history: Array.from({ length: notes }, (_, i) => ({
      when: `2${i % 10}-11-2026 10:00`,
      label: 'Notitie',
      who: 'Carla',
      note: `${text} ${i}`,
    })),
    can: flag(open),
    assignable: [
      { id: 'a', name: text },
      { id: 'b', name: 'Dave' },
    ],
    partners: [{ value: 'police', title: 'Politie' }],
    closureReasons: [{ value: 'no-follow-up', title: 'Geen vervolg' }],
    today: '25-11-2026',
  };
}

const CASES: { card: string; template: object; data: object[] }[] = [
  {
    card: 'help',
    template: helpTemplate,
    data: [
      { isCoordinator: true, isWerkgroep: true },
      { isCoordinator: false, isWerkgroep: false },
      { isCoordinator: false, isWerkgroep: true },
    ],
  },
  {
    card: 'open list',
    template: openItemsTemplate,
    data: [openList(5, HOSTILE), openList(0, ''), openList(2, 'Dorpsstraat')],
  },
  {
    card: 'signal card',
    template: signalTemplate,
    data: [signalCard(HOSTILE, true, 3), signalCard('Kerkplein', false, 0), signalCard(HOSTILE, true, 12)],
  },
  {
    card: 'receipt',
    template: receiptTemplate,
    data: [
      {
        reference: 'OND-2026-0001',
        receiptCode: 'ABCD-EFGH',
        categoryLabel: 'Drugs',
        urgencyLabel: 'Spoed',
        urgent: true,
        location: HOSTILE,
        observedOn: '19-11-2026',
        anonymous: true,
        duplicate: false,
      },
      {
        reference: 'OND-2026-0002',
        receiptCode: '',
        categoryLabel: 'Witwassen',
        urgencyLabel: 'Normaal',
        urgent: false,
        location: 'Kerkplein',
        observedOn: '20-11-2026',
        anonymous: false,
        duplicate: true,
      },
    ],
  },
];

describe('cards rendered from templates parsed once', () => {
  for (const { card, template, data } of CASES) {
    it(`renders the ${card} exactly as a freshly parsed template does, whatever came before`, () => {
      // Each data set twice, in both languages, interleaved: a parsed template carries nothing over.
      for (const round of [1, 2])
        for (const language of ['nl', 'en'] as const)
          for (const [i, values] of data.entries())
            assert.deepEqual(
              renderTemplate(template, language, values),
              freshlyParsed(template, language, values),
              `${card}, data set ${i + 1}, ${language}, round ${round}`,
            );
    });
  }

  it('keeps what a person typed as text, never as a binding', () => {
    const card = JSON.stringify(renderTemplate(signalTemplate, 'nl', signalCard(HOSTILE, true, 1)));
    assert.ok(card.includes(JSON.stringify(HOSTILE).slice(1, -1)), 'the typed text appears as typed');
    assert.ok(!card.includes(stringsFor('nl').help.title), 'the typed binding was not evaluated');
  });

  it('gives every caller its own card: changing one changes no later one', () => {
    const first = renderTemplate(helpTemplate, 'nl', { isCoordinator: true, isWerkgroep: true });
    (first.body as { text: string }[]).forEach((block) => {
      block.text = 'changed';
    });
    (first.actions as unknown[]).length = 0;
    const second = renderTemplate(helpTemplate, 'nl', { isCoordinator: true, isWerkgroep: true });
    assert.deepEqual(second, freshlyParsed(helpTemplate, 'nl', { isCoordinator: true, isWerkgroep: true }));
  });
});
