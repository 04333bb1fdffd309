import { type Language, t } from '../bot/i18n/translate';
import pendingClosuresTemplate from './pending-closures.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';
import settingsFormTemplate from './settings-form.json';

const FIELDS = [
  'firstFeedbackWorkingDays',
  'periodicFeedbackMonths',
  'fourEyesClosure',
  'herijkingRepeat',
  'herijkingRrule',
  'herijkingTime',
  'herijkingOpenWorkingDays',
  'herijkingRemindAfterWorkingDays',
  'actionDaysBefore',
  'actionOverdueEvery',
  'councilReportThreshold',
  'monthlyCaseAudience',
  'monthlyCaseWeekday',
  'monthlyCaseTime',
] as const;

export function renderSettingsForm(
  language: Language,
  form: { values: Record<string, unknown>; errors?: Record<string, string> },
): AdaptiveCardJson {
  const values = Object.fromEntries(
    FIELDS.map((field) => {
      const value = form.values[field];
      return [field, typeof value === 'string' || typeof value === 'number' ? String(value) : ''];
    }),
  );
  const errors = Object.values(form.errors ?? {}).map((key) => t(language, key));
  return renderTemplate(settingsFormTemplate, language, {
    values,
    hasErrors: errors.length > 0,
    errorSummary: errors.join(' '),
  });
}

/**
 * After four eyes was switched off: the closures still waiting for a second coordinator, and a
 * button to finish them as asked. After the click, the same card says what happened.
 */
export function renderPendingClosures(
  language: Language,
  state: { waiting: string[] } | { closed: string[]; changedMeanwhile: string[] },
): AdaptiveCardJson {
  if ('waiting' in state) {
    return renderTemplate(pendingClosuresTemplate, language, {
      text: t(language, 'settings.pendingClosures.waiting', {
        count: state.waiting.length,
        references: state.waiting.join(', '),
      }),
      outcome: '',
      canFinish: true,
    });
  }
  const outcome = [
    state.closed.length > 0
      ? t(language, 'settings.pendingClosures.closed', { references: state.closed.join(', ') })
      : t(language, 'settings.pendingClosures.noneLeft'),
    state.changedMeanwhile.length > 0
      ? t(language, 'settings.pendingClosures.changedMeanwhile', {
          references: state.changedMeanwhile.join(', '),
        })
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  return renderTemplate(pendingClosuresTemplate, language, {
    text: t(language, 'settings.pendingClosures.after'),
    outcome,
    canFinish: false,
  });
}
