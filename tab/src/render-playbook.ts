import { LINES_OF_WORK } from '../../bot/domain/playbook/lines-of-work';
import type { PlaybookView } from '../../bot/domain/playbook/read-playbook';
import { parseSafeText, type SafeRun } from '../../bot/domain/playbook/safe-text';
import { CATEGORY_IDS } from '../../bot/domain/signals/categories';
import { el } from './dom';
import type { Translate } from './strings';

/**
 * The coordinators' formatting as DOM: paragraphs, lists and bold, every piece of text a text
 * node. Nothing a coordinator typed can become an element, an attribute or a link.
 */
export function safeTextNodes(text: string): HTMLElement[] {
  const runs = (items: SafeRun[]) =>
    items.map((run) => (run.bold ? el('strong', {}, [run.text]) : document.createTextNode(run.text)));
  return parseSafeText(text).map((block) =>
    block.kind === 'paragraph'
      ? el('p', {}, runs(block.runs))
      : el(
          'ul',
          {},
          block.items.map((item) => el('li', {}, runs(item))),
        ),
  );
}

/** The playbook's fields, grouped as the page shows them, with their headings. */
export function playbookLayout(t: Translate) {
  return [
    { id: 'intro', title: t('playbook.section.intro'), fields: [{ field: 'intro', name: '' }] },
    { id: 'who-to-call', title: t('playbook.section.whoToCall'), fields: [{ field: 'whoToCall', name: '' }] },
    {
      id: 'what-not-to-do',
      title: t('playbook.section.whatNotToDo'),
      fields: [{ field: 'whatNotToDo', name: '' }],
    },
    {
      id: 'categories',
      title: t('playbook.section.categories'),
      fields: CATEGORY_IDS.map((id) => ({ field: `category.${id}`, name: t(`category.${id}`) })),
    },
    {
      id: 'work',
      title: t('playbook.section.work'),
      fields: LINES_OF_WORK.map((id) => ({ field: `work.${id}`, name: t(`lineOfWork.${id}`) })),
    },
  ];
}

/** The playbook to read: one section per part, a subheading per category and line of work. */
export function renderPlaybook(view: PlaybookView, t: Translate): HTMLElement[] {
  const textOf = new Map(view.texts.map((text) => [text.field as string, text]));
  return playbookLayout(t).map((part) =>
    el('section', { id: `playbook-${part.id}`, 'aria-labelledby': `playbook-${part.id}-title` }, [
      el('h2', { id: `playbook-${part.id}-title` }, [part.title]),
      ...part.fields.flatMap(({ field, name }) => {
        const text = textOf.get(field);
        const nodes: HTMLElement[] = [];
        if (name) nodes.push(el('h3', {}, [name]));
        nodes.push(
          el('div', { class: 'playbook-text', 'data-field': field }, safeTextNodes(text?.text ?? '')),
        );
        if (text?.custom) nodes.push(el('p', { class: 'note' }, [t('playbook.custom')]));
        return nodes;
      }),
    ]),
  );
}
