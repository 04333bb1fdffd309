import type { TenantSettings, TenantSettingsRepository } from '../domain/tenants/tenant-settings';

/** How long a tenant's settings are used without reading them again. */
export const SETTINGS_CACHE_MS = 10_000;

/**
 * Tenant settings change a few times a year and are read by nearly every turn (the language of
 * someone without a profile language, feedback deadlines, working days). This keeps each
 * tenant's settings for a short while. Safe across instances because nothing in the settings is a
 * permission (roles are never cached past a turn): a change made on another instance applies
 * here at most SETTINGS_CACHE_MS later, and a change made on this instance applies at once.
 */
export class CachedTenantSettings implements TenantSettingsRepository {
  private readonly cache = new Map<string, { until: number; settings: Promise<TenantSettings> }>();

  constructor(
    private readonly inner: TenantSettingsRepository,
    private readonly nowMs: () => number,
  ) {}

  get(tenantId: string): Promise<TenantSettings> {
    const now = this.nowMs();
    const cached = this.cache.get(tenantId);
    // A copy each time: a caller that changes what it got cannot change the cached settings.
    if (cached && cached.until > now) return cached.settings.then(structuredClone);
    const settings = this.inner.get(tenantId);
    this.cache.set(tenantId, { until: now + SETTINGS_CACHE_MS, settings });
    // A failed read is not remembered: the next turn asks the store again.
    settings.catch(() => {
      if (this.cache.get(tenantId)?.settings === settings) this.cache.delete(tenantId);
    });
    return settings.then(structuredClone);
  }

  async update(
    tenantId: string,
    change: (current: TenantSettings) => TenantSettings,
  ): Promise<TenantSettings> {
    this.cache.delete(tenantId);
    try {
      const updated = await this.inner.update(tenantId, change);
      this.cache.set(tenantId, {
        until: this.nowMs() + SETTINGS_CACHE_MS,
        settings: Promise.resolve(updated),
      });
      return updated;
    } catch (error) {
      this.cache.delete(tenantId);
      throw error;
    }
  }
}
