import type { Container } from '@azure/cosmos';
import type { TenantSettings, TenantSettingsRepository } from '../domain/tenants/tenant-settings';
import { isNotFound } from './cosmos-errors';

/** Tenant settings document; absent means "the defaults from configuration". */
export class CosmosTenantSettingsRepository implements TenantSettingsRepository {
  constructor(
    private readonly container: Container,
    private readonly defaults: TenantSettings,
  ) {}

  async get(tenantId: string): Promise<TenantSettings> {
    try {
      const { resource } = await this.container.item('settings', tenantId).read<Partial<TenantSettings>>();
      return {
        ...this.defaults,
        ...(resource ? { defaultLanguage: resource.defaultLanguage ?? this.defaults.defaultLanguage } : {}),
      };
    } catch (error) {
      if (isNotFound(error)) return this.defaults;
      throw error;
    }
  }
}
