import type { CaseQueueView } from '../../bot/domain/monthly-case/manage-case-queue';
import type { PlaybookView } from '../../bot/domain/playbook/read-playbook';
import { ApiRefusal, getJson, sendJson } from './api';
import { caseQueueSection } from './case-queue';
import { el } from './dom';
import type { PageContext } from './main';
import { playbookForm, type SaveOutcome } from './playbook-form';
import { renderPlaybook } from './render-playbook';
import type { StringTable, Translate } from './strings';

interface PlaybookResponse {
  language: string;
  strings: StringTable;
  playbook: PlaybookView;
}

/** The playbook view: everyone reads it; coordinators and administrators get an edit button. */
export async function startPlaybook(page: PageContext): Promise<void> {
  const { byId } = page;
  let response: PlaybookResponse;
  try {
    response = await getJson<PlaybookResponse>('/api/tab/playbook', await page.token());
  } catch (error) {
    byId('status').textContent =
      error instanceof ApiRefusal && error.message ? error.message : page.configT('tab.loadFailed');
    byId('main').setAttribute('aria-busy', 'false');
    return;
  }
  const t: Translate = page.setLanguage(response.strings, response.language);
  const content = byId('content');

  const showReading = (message = '') => {
    const view = response.playbook;
    byId('status').textContent = message || t('playbook.lead');
    const parts: HTMLElement[] = [];
    if (view.canEdit) {
      const edit = el('button', { type: 'button', id: 'playbook-edit-button' }, [t('playbook.edit')]);
      edit.addEventListener('click', showForm);
      parts.push(
        el('div', { class: 'buttons toolbar' }, [
          edit,
          view.updatedAt
            ? el('span', { class: 'note' }, [
                t('playbook.lastChanged', { date: view.updatedAt.slice(0, 10) }),
              ])
            : undefined,
        ]),
      );
    }
    content.replaceChildren(...parts, ...renderPlaybook(view, t));
    if (view.canEdit) void appendCaseQueue();
  };

  // Coordinators also plan the case of the month here (a separate call: staff never ask for it).
  const appendCaseQueue = async () => {
    const queue = await page
      .token()
      .then((bearer) => getJson<CaseQueueView>('/api/tab/monthly-cases', bearer))
      .catch(() => undefined);
    if (queue && !content.querySelector('#playbook-form'))
      content.append(caseQueueSection(t, queue, page.token));
  };

  const save = async (texts: Record<string, string>): Promise<SaveOutcome> => {
    const outcome = await sendJson<PlaybookResponse & SaveOutcome['body']>(
      'PUT',
      '/api/tab/playbook',
      { version: response.playbook.version, texts },
      await page.token(),
    );
    if (outcome.status === 200) {
      response = outcome.body;
      showReading(t('playbook.saved'));
      byId('status').focus();
    }
    return outcome;
  };

  const showForm = () => {
    content.replaceChildren(playbookForm(response.playbook, t, save, () => showReading()));
    (content.querySelector('textarea') as HTMLTextAreaElement | null)?.focus();
  };

  showReading();
  byId('main').setAttribute('aria-busy', 'false');
}
