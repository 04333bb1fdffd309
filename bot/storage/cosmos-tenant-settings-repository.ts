import type { Container } from '@azure/cosmos';
import type { TenantSettings, TenantSettingsRepository } from '../domain/tenants/tenant-settings';
import { isConflict, isNotFound, isPreconditionFailed, withoutSystemProperties } from './cosmos-errors';

type StoredSettings = Partial<TenantSettings> & { id: 'settings'; tenantId: string; type: 'settings' };

const MAX_ATTEMPTS = 5;

/** Tenant settings document (id `settings`); what it leaves out comes from the defaults. */
export class CosmosTenantSettingsRepository implements TenantSettingsRepository {
  constructor(
    private readonly container: Container,
    private readonly defaults: TenantSettings,
  ) {}

  async get(tenantId: string): Promise<TenantSettings> {
    return this.withDefaults((await this.read(tenantId))?.resource);
  }

  async update(
    tenantId: string,
    change: (current: TenantSettings) => TenantSettings,
  ): Promise<TenantSettings> {
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.read(tenantId);
      const next: StoredSettings = {
        ...stored?.resource,
        ...change(this.withDefaults(stored?.resource)),
        id: 'settings',
        type: 'settings',
        tenantId,
      };
      try {
        if (stored) {
          await this.container
            .item('settings', tenantId)
            .replace(next, { accessCondition: { type: 'IfMatch', condition: stored.etag } });
        } else {
          await this.container.items.create(next);
        }
        return this.withDefaults(next);
      } catch (error) {
        // Someone changed (or created) the settings in between: read again and reapply.
        const raced = isPreconditionFailed(error) || isConflict(error);
        if (!raced || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async read(tenantId: string): Promise<{ resource: StoredSettings; etag: string } | undefined> {
    try {
      const { resource } = await this.container
        .item('settings', tenantId)
        .read<StoredSettings & { _etag: string }>();
      if (!resource) return undefined;
      return {
        resource: withoutSystemProperties<StoredSettings>(resource as never),
        etag: resource._etag,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private withDefaults(resource: Partial<TenantSettings> | undefined): TenantSettings {
    return {
      defaultLanguage: resource?.defaultLanguage ?? this.defaults.defaultLanguage,
      fourEyesClosure: resource?.fourEyesClosure ?? this.defaults.fourEyesClosure,
      feedback: { ...this.defaults.feedback, ...resource?.feedback },
      extraNonWorkingDays: resource?.extraNonWorkingDays ?? this.defaults.extraNonWorkingDays,
      herijking: { ...this.defaults.herijking, ...resource?.herijking },
      actionReminders: { ...this.defaults.actionReminders, ...resource?.actionReminders },
      councilReportThreshold: resource?.councilReportThreshold ?? this.defaults.councilReportThreshold,
      monthlyCase: { ...this.defaults.monthlyCase, ...resource?.monthlyCase },
    };
  }
}
