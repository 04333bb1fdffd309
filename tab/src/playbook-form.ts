import type { PlaybookView } from '../../bot/domain/playbook/read-playbook';
import { el } from './dom';
import { playbookLayout } from './render-playbook';
import type { Translate } from './strings';

export interface SaveOutcome {
  status: number;
  body: { message?: string; fieldErrors?: Record<string, string> };
}

/**
 * The coordinators' form: a text area per field with the current text, the formatting rules,
 * and the server's answer shown beside each field. What was typed stays in the form whatever
 * the answer, so nothing is lost to an error or to a colleague's change.
 */
export function playbookForm(
  view: PlaybookView,
  t: Translate,
  save: (texts: Record<string, string>) => Promise<SaveOutcome>,
  cancel: () => void,
): HTMLElement {
  const textOf = new Map(view.texts.map((text) => [text.field as string, text.text]));
  const areas = new Map<string, HTMLTextAreaElement>();
  const errors = new Map<string, HTMLElement>();
  const summary = el('p', { id: 'playbook-form-summary', class: 'error', role: 'alert' });
  const fields = playbookLayout(t).flatMap((part) =>
    part.fields.map(({ field, name }) => {
      const id = `field-${field.replace(/\W/g, '-')}`;
      const area = el('textarea', {
        id,
        name: field,
        rows: '6',
        'aria-describedby': `${id}-error format-help`,
      });
      area.value = textOf.get(field) ?? '';
      const error = el('p', { id: `${id}-error`, class: 'error' });
      areas.set(field, area);
      errors.set(field, error);
      const label = name ? t('playbook.fieldLabel', { section: part.title, name }) : part.title;
      return el('div', { class: 'field' }, [el('label', { for: id }, [label]), area, error]);
    }),
  );
  const saveButton = el('button', { type: 'submit', id: 'playbook-save' }, [t('playbook.save')]);
  const cancelButton = el('button', { type: 'button', class: 'secondary' }, [t('playbook.cancel')]);
  cancelButton.addEventListener('click', cancel);
  const form = el('form', { id: 'playbook-form', novalidate: '' }, [
    el('p', { id: 'format-help' }, [t('playbook.formatHelp'), ' ', t('playbook.resetHint')]),
    summary,
    ...fields,
    el('div', { class: 'buttons' }, [saveButton, cancelButton]),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    saveButton.disabled = true;
    summary.textContent = t('playbook.saving');
    const texts = Object.fromEntries([...areas].map(([field, area]) => [field, area.value]));
    const outcome = await save(texts).catch(() => ({ status: 0, body: {} }) as SaveOutcome);
    saveButton.disabled = false;
    for (const [field, error] of errors) {
      error.textContent = outcome.body.fieldErrors?.[field] ?? '';
      if (outcome.body.fieldErrors?.[field]) areas.get(field)?.setAttribute('aria-invalid', 'true');
      else areas.get(field)?.removeAttribute('aria-invalid');
    }
    if (outcome.status === 200) return;
    summary.textContent = outcome.body.message || t('playbook.error.saveFailed');
    const firstWrong = [...areas].find(([field]) => outcome.body.fieldErrors?.[field]);
    (firstWrong?.[1] ?? summary).focus();
  });
  return el('section', { id: 'playbook-edit', 'aria-labelledby': 'playbook-edit-title' }, [
    el('h2', { id: 'playbook-edit-title' }, [t('playbook.edit')]),
    form,
  ]);
}
