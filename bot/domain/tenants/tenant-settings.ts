import type { Language } from '../../i18n/translate';
import type { FeedbackServiceLevels } from '../signals/feedback-deadlines';

/** Per-tenant settings; defaults apply until an administrator changes them. */
export interface TenantSettings {
  defaultLanguage: Language;
  /** Closing a signal with "no follow-up" needs a second coordinator's approval. */
  fourEyesClosure: boolean;
  feedback: FeedbackServiceLevels;
}

export interface TenantSettingsRepository {
  get(tenantId: string): Promise<TenantSettings>;
}
