import { type Language, t } from '../bot/i18n/translate';
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
