import type { Container } from '@azure/cosmos';
import type { TenantSettings, TenantSettingsRepository } from '../domain/tenants/tenant-settings';
import { CosmosDocuments } from './cosmos-documents';

type StoredSettings = Partial<TenantSettings> & { id: 'settings'; tenantId: string; type: 'settings' };

/** Settings change a few times a year, by one or two administrators: a few rounds settle a race. */
const UPDATE_ATTEMPTS = 5;

/** Tenant settings document (id `settings`); what it leaves out comes from the defaults. */
export class CosmosTenantSettingsRepository implements TenantSettingsRepository {
  private readonly documents: CosmosDocuments<StoredSettings>;

  constructor(
    container: Container,
    private readonly defaults: TenantSettings,
  ) {
    this.documents = new CosmosDocuments<StoredSettings>(container, 'settings');
  }

  async get(tenantId: string): Promise<TenantSettings> {
    return this.withDefaults(await this.documents.find(tenantId, 'settings'));
  }

  /** Applied anew to what another instance wrote meanwhile, so both changes are kept. */
  async update(
    tenantId: string,
    change: (current: TenantSettings) => TenantSettings,
  ): Promise<TenantSettings> {
    const written = await this.documents.update(
      tenantId,
      'settings',
      (stored) => ({
        ...stored,
        ...change(this.withDefaults(stored)),
        id: 'settings',
        type: 'settings',
        tenantId,
      }),
      { attempts: UPDATE_ATTEMPTS },
    );
    return this.withDefaults(written);
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
