import type { Language } from '../../i18n/translate';
import type { MonthlyCaseSettings } from '../monthly-case/monthly-case-settings';
import type { FeedbackServiceLevels } from '../signals/feedback-deadlines';

/** When the quarterly herijking opens and how long it stays open. */
export interface HerijkingSettings {
  /** RRULE for the opening dates; shifted to the next working day. */
  rrule: string;
  localTime: string;
  openWorkingDays: number;
  remindAfterWorkingDays: number;
}

/** When owners hear about their actions. */
export interface ActionReminderSettings {
  workingDaysBefore: number;
  overdueEveryWorkingDays: number;
}

/** The first working day of January, April, July and October, 09:00; open 10 working days. */
export const DEFAULT_HERIJKING: HerijkingSettings = {
  rrule: 'FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1',
  localTime: '09:00',
  openWorkingDays: 10,
  remindAfterWorkingDays: 5,
};

export const DEFAULT_ACTION_REMINDERS: ActionReminderSettings = {
  workingDaysBefore: 2,
  overdueEveryWorkingDays: 5,
};

/** Per-tenant settings; defaults apply until an administrator changes them. */
export interface TenantSettings {
  defaultLanguage: Language;
  /** Closing a signal with "no follow-up" needs a second coordinator's approval. */
  fourEyesClosure: boolean;
  feedback: FeedbackServiceLevels;
  /** The tenant's own non-working days (yyyy-mm-dd), on top of weekends and public holidays. */
  extraNonWorkingDays: string[];
  herijking: HerijkingSettings;
  actionReminders: ActionReminderSettings;
  /** Counts below this are withheld in the council's report ("< 5"); DEFAULT_SUPPRESSION_THRESHOLD. */
  councilReportThreshold: number;
  /** When and to whom the case of the month goes; DEFAULT_MONTHLY_CASE. */
  monthlyCase: MonthlyCaseSettings;
}

export interface TenantSettingsRepository {
  get(tenantId: string): Promise<TenantSettings>;
  /**
   * Applies `change` to the stored settings (defaults where none are stored), retrying when
   * someone else changed them in between; returns what was stored.
   */
  update(tenantId: string, change: (current: TenantSettings) => TenantSettings): Promise<TenantSettings>;
}
