import type { Container } from '@azure/cosmos';
import type { TenantSettings, TenantSettingsRepository } from '../domain/tenants/tenant-settings';
import { isNotFound } from './cosmos-errors';

/** Tenant settings document (id `settings`); what it leaves out comes from the defaults. */
export class CosmosTenantSettingsRepository implements TenantSettingsRepository {
  constructor(
    private readonly container: Container,
    private readonly defaults: TenantSettings,
  ) {}

  async get(tenantId: string): Promise<TenantSettings> {
    try {
      const { resource } = await this.container.item('settings', tenantId).read<Partial<TenantSettings>>();
      if (!resource) return this.defaults;
      return {
        defaultLanguage: resource.defaultLanguage ?? this.defaults.defaultLanguage,
        fourEyesClosure: resource.fourEyesClosure ?? this.defaults.fourEyesClosure,
        feedback: { ...this.defaults.feedback, ...resource.feedback },
      };
    } catch (error) {
      if (isNotFound(error)) return this.defaults;
      throw error;
    }
  }
}
