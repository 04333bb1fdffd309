import type { Language } from '../../i18n/translate';

/** Per-tenant settings; defaults apply until an administrator changes them. */
export interface TenantSettings {
  defaultLanguage: Language;
}

export interface TenantSettingsRepository {
  get(tenantId: string): Promise<TenantSettings>;
}
