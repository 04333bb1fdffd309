import type { Language } from '../../i18n/translate';
import { DEFAULT_MONTHLY_CASE } from '../monthly-case/monthly-case-settings';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../reports/suppression';
import { DEFAULT_FEEDBACK_LEVELS } from '../signals/feedback-deadlines';
import { DEFAULT_ACTION_REMINDERS, DEFAULT_HERIJKING, type TenantSettings } from './tenant-settings';

/** What a tenant works with until an administrator changes something: every default in one place. */
export function defaultTenantSettings(defaultLanguage: Language): TenantSettings {
  return {
    defaultLanguage,
    fourEyesClosure: true,
    feedback: DEFAULT_FEEDBACK_LEVELS,
    extraNonWorkingDays: [],
    herijking: DEFAULT_HERIJKING,
    actionReminders: DEFAULT_ACTION_REMINDERS,
    councilReportThreshold: DEFAULT_SUPPRESSION_THRESHOLD,
    monthlyCase: DEFAULT_MONTHLY_CASE,
  };
}
