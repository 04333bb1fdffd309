import { ApiRefusal, download } from './api';
import { el } from './dom';
import type { Translate } from './strings';

const QUARTER = /^\d{4}-Q[1-4]$/;

/** The quarterly report button: a quarter, then the files, fetched with the person's token. */
export function reportForm(
  t: Translate,
  defaultQuarter: string,
  token: () => Promise<string | undefined>,
): HTMLElement {
  const input = el('input', {
    id: 'report-quarter',
    name: 'quarter',
    value: defaultQuarter,
    inputmode: 'text',
    autocomplete: 'off',
    'aria-describedby': 'report-error',
  });
  const error = el('p', { id: 'report-error', class: 'error', role: 'alert' });
  const make = (format: 'html' | 'csv' | 'pdf' | 'docx', label: string) =>
    el('button', { type: 'button', 'data-format': format }, [label]);
  const buttons = [make('html', t('tab.report.html')), make('csv', t('tab.report.csv'))];
  for (const button of buttons) {
    button.addEventListener('click', async () => {
      const quarter = input.value.trim().toUpperCase();
      if (!QUARTER.test(quarter)) {
        error.textContent = t('tab.report.invalid');
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      const format = button.dataset.format as string;
      // The token inside the chain: a refused sign-in gets the message too.
      await token()
        .then((bearer) =>
          download(
            `/api/tab/report/${quarter}.${format}`,
            bearer,
            `raadsrapportage-ondermijning-${quarter}.${format}`,
          ),
        )
        .catch((failure: unknown) => {
          error.textContent =
            failure instanceof ApiRefusal && failure.message ? failure.message : t('tab.loadFailed');
        });
    });
  }
  return el('section', { 'aria-labelledby': 'report-title', id: 'report' }, [
    el('h2', { id: 'report-title' }, [t('tab.report.title')]),
    el('label', { for: 'report-quarter' }, [t('tab.report.quarter')]),
    input,
    el('div', { class: 'buttons' }, buttons),
    error,
  ]);
}
