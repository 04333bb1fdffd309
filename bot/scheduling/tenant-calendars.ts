import type { TenantSettingsRepository } from '../domain/tenants/tenant-settings';
import { WorkingDayCalendar } from './working-days';

/**
 * Each tenant's working-day calendar: Dutch public holidays plus the days the tenant added
 * (`vrije dag +`). Calendars are kept per distinct list of days, so the holiday computation is
 * shared and a changed list takes effect at the next lookup.
 */
export class TenantCalendars {
  private readonly byDays = new Map<string, WorkingDayCalendar>();

  constructor(private readonly settings: TenantSettingsRepository) {}

  async forTenant(tenantId: string, known?: { extraNonWorkingDays: string[] }): Promise<WorkingDayCalendar> {
    const { extraNonWorkingDays } = known ?? (await this.settings.get(tenantId));
    const days = [...extraNonWorkingDays].sort();
    const key = days.join(',');
    let calendar = this.byDays.get(key);
    if (!calendar) {
      calendar = new WorkingDayCalendar({ extraNonWorkingDays: days });
      // A handful of distinct lists in practice; the bound only guards against surprises.
      if (this.byDays.size > 1_000) this.byDays.clear();
      this.byDays.set(key, calendar);
    }
    return calendar;
  }
}
