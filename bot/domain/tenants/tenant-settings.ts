import type { Language } from '../../i18n/translate';
import type { FeedbackServiceLevels } from '../signals/feedback-deadlines';

/** Per-tenant settings; defaults apply until an administrator changes them. */
export interface TenantSettings {
  defaultLanguage: Language;
  /** Closing a signal with "no follow-up" needs a second coordinator's approval. */
  fourEyesClosure: boolean;
  feedback: FeedbackServiceLevels;
  /** The tenant's own non-working days (yyyy-mm-dd), on top of weekends and public holidays. */
  extraNonWorkingDays: string[];
}

export interface TenantSettingsRepository {
  get(tenantId: string): Promise<TenantSettings>;
  /**
   * Applies `change` to the stored settings (defaults where none are stored), retrying when
   * someone else changed them in between; returns what was stored.
   */
  update(tenantId: string, change: (current: TenantSettings) => TenantSettings): Promise<TenantSettings>;
}
