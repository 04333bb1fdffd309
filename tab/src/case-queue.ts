import type { CaseQueueView } from '../../bot/domain/monthly-case/manage-case-queue';
import { sendJson } from './api';
import { el } from './dom';
import type { Translate } from './strings';

/**
 * The case-of-the-month queue for coordinators: the cases in the order they go out, a remove
 * button each, a form to add one, and what goes out when the queue is empty. Every text is a
 * text node; every change comes back from the server as the queue now stands.
 */
export function caseQueueSection(
  t: Translate,
  initial: CaseQueueView,
  token: () => Promise<string | undefined>,
): HTMLElement {
  const list = el('div', { id: 'case-queue-list' });
  const message = el('p', { id: 'case-queue-message', class: 'error', role: 'alert' });
  const area = el('textarea', { id: 'case-queue-text', rows: '4', 'aria-describedby': 'case-queue-message' });
  const add = el('button', { type: 'submit', id: 'case-queue-add' }, [t('monthlyCase.queueAdd')]);

  const apply = async (method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<boolean> => {
    // The token inside the chain: a refused sign-in is answered like a failed save, not lost.
    const outcome = await token()
      .then((bearer) => sendJson<CaseQueueView & { message?: string }>(method, path, body, bearer))
      .catch(() => ({ status: 0, body: {} as CaseQueueView & { message?: string } }));
    if (outcome.status !== 200) {
      message.textContent = outcome.body.message || t('playbook.error.saveFailed');
      return false;
    }
    message.textContent = '';
    show(outcome.body);
    return true;
  };

  const show = (view: CaseQueueView) => {
    const items = view.queue.map((item, index) => {
      const remove = el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': t('monthlyCase.queueRemoveLabel', { number: index + 1 }),
        },
        [t('monthlyCase.queueRemove')],
      );
      remove.addEventListener(
        'click',
        () => void apply('DELETE', `/api/tab/monthly-cases/${encodeURIComponent(item.id)}`),
      );
      return el('li', {}, [el('p', {}, [item.text]), remove]);
    });
    const next = view.nextExample
      ? el('p', { class: 'note' }, [
          t('monthlyCase.queueNextExample', { line: t(`lineOfWork.${view.nextExample.line}`) }),
          ' ',
          view.nextExample.text,
        ])
      : undefined;
    list.replaceChildren(
      items.length > 0
        ? el('ol', { class: 'case-queue' }, items)
        : el('p', {}, [t('monthlyCase.queueEmpty')]),
      ...(next ? [next] : []),
    );
  };

  const form = el('form', { id: 'case-queue-form', novalidate: '' }, [
    el('label', { for: 'case-queue-text' }, [t('monthlyCase.queueAddLabel')]),
    area,
    message,
    el('div', { class: 'buttons' }, [add]),
  ]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    add.disabled = true;
    if (await apply('POST', '/api/tab/monthly-cases', { text: area.value })) area.value = '';
    else area.focus();
    add.disabled = false;
  });
  show(initial);
  return el('section', { id: 'case-queue', 'aria-labelledby': 'case-queue-title' }, [
    el('h2', { id: 'case-queue-title' }, [t('monthlyCase.queueTitle')]),
    el('p', {}, [t('monthlyCase.queueLead')]),
    list,
    form,
  ]);
}
