import { z } from 'zod';
import type { Clock } from '../../clock';
import { validateRecurrence } from '../../scheduling/recurrence';
import { withNewRule } from '../../scheduling/schedule';
import type { ScheduleRepository } from '../../scheduling/schedule-repository';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { InvalidInputError } from '../errors';
import { fieldErrorsOf, typedRrule, wallTime, withoutBlanks } from '../form-input';
import { moveMonthlyCaseSchedule } from '../monthly-case/monthly-case-schedule';
import {
  MONTHLY_CASE_AUDIENCES,
  type MonthlyCaseAudience,
  type MonthlyCaseSettings,
  WEEKDAYS,
  type Weekday,
} from '../monthly-case/monthly-case-settings';
import type { RoleDirectory } from '../roles/role-directory';
import { DEFAULT_HERIJKING, type TenantSettings, type TenantSettingsRepository } from './tenant-settings';

export interface SettingsDeps {
  tenantSettings: TenantSettingsRepository;
  schedules: Pick<ScheduleRepository, 'update' | 'create'>;
  roles: RoleDirectory;
  audit: AuditLog;
  clock: Clock;
}

export const HERIJKING_SCHEDULE_ID = 'schedule:herijking-open';

/**
 * The council report's threshold: below 2 nothing would be withheld (the protection off), and
 * above 20 a small municipality's report would say almost nothing.
 */
const MIN_REPORT_THRESHOLD = 2;
const MAX_REPORT_THRESHOLD = 20;

const whole = (min: number, max: number, key: string) =>
  z.coerce.number({ error: key }).int(key).min(min, key).max(max, key);

const settingsSchema = z
  .object({
    firstFeedbackWorkingDays: whole(1, 30, 'settings.error.firstFeedback'),
    periodicFeedbackMonths: whole(1, 12, 'settings.error.periodicFeedback'),
    fourEyesClosure: z.enum(['true', 'false'], { error: 'settings.error.fourEyes' }),
    herijkingRepeat: z.enum(['quarterly', 'custom'], { error: 'settings.error.herijkingRepeat' }),
    herijkingRrule: typedRrule,
    herijkingTime: wallTime('settings.error.herijkingTime'),
    herijkingOpenWorkingDays: whole(3, 30, 'settings.error.herijkingOpen'),
    herijkingRemindAfterWorkingDays: whole(1, 29, 'settings.error.herijkingRemind'),
    actionDaysBefore: whole(0, 10, 'settings.error.actionBefore'),
    actionOverdueEvery: whole(1, 20, 'settings.error.actionOverdue'),
    // Optional: a form from before this field existed keeps the stored threshold.
    councilReportThreshold: whole(
      MIN_REPORT_THRESHOLD,
      MAX_REPORT_THRESHOLD,
      'settings.error.councilReportThreshold',
    ).optional(),
    monthlyCaseAudience: z
      .enum(MONTHLY_CASE_AUDIENCES, { error: 'settings.error.monthlyCaseAudience' })
      .optional(),
    monthlyCaseWeekday: z.enum(WEEKDAYS, { error: 'settings.error.monthlyCaseWeekday' }).optional(),
    monthlyCaseTime: wallTime('settings.error.monthlyCaseTime').optional(),
  })
  .superRefine((form, ctx) => {
    if (form.herijkingRemindAfterWorkingDays >= form.herijkingOpenWorkingDays)
      ctx.addIssue({
        code: 'custom',
        path: ['herijkingRemindAfterWorkingDays'],
        message: 'settings.error.herijkingRemind',
      });
    if (form.herijkingRepeat !== 'custom') return;
    const rule = form.herijkingRrule;
    try {
      if (!rule) throw new RangeError('missing');
      validateRecurrence({
        rrule: rule,
        startsOn: '2026-01-01',
        localTime: form.herijkingTime,
        shiftToWorkingDay: true,
      });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['herijkingRrule'], message: 'settings.error.herijkingRrule' });
    }
  });

/** The settings as the form shows them. */
export function settingsFormValues(settings: TenantSettings): Record<string, string> {
  const quarterly = settings.herijking.rrule === DEFAULT_HERIJKING.rrule;
  return {
    firstFeedbackWorkingDays: String(settings.feedback.firstFeedbackWorkingDays),
    periodicFeedbackMonths: String(settings.feedback.periodicFeedbackMonths),
    fourEyesClosure: String(settings.fourEyesClosure),
    herijkingRepeat: quarterly ? 'quarterly' : 'custom',
    herijkingRrule: quarterly ? '' : settings.herijking.rrule,
    herijkingTime: settings.herijking.localTime,
    herijkingOpenWorkingDays: String(settings.herijking.openWorkingDays),
    herijkingRemindAfterWorkingDays: String(settings.herijking.remindAfterWorkingDays),
    actionDaysBefore: String(settings.actionReminders.workingDaysBefore),
    actionOverdueEvery: String(settings.actionReminders.overdueEveryWorkingDays),
    councilReportThreshold: String(settings.councilReportThreshold),
    monthlyCaseAudience: settings.monthlyCase.audience,
    monthlyCaseWeekday: settings.monthlyCase.weekday,
    monthlyCaseTime: settings.monthlyCase.localTime,
  };
}

/** `instellingen`: what a coordinator may see and change. */
export async function readSettings(deps: SettingsDeps, actor: Actor): Promise<TenantSettings> {
  assertAllowed('settings.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  return deps.tenantSettings.get(actor.tenantId);
}

/**
 * Saves the tenant's service levels, four-eyes rule, herijking timing and action reminders.
 * A changed herijking rule moves the existing schedule with it; every save is audited.
 */
export async function changeSettings(
  deps: SettingsDeps,
  actor: Actor,
  values: Record<string, unknown>,
): Promise<TenantSettings> {
  assertAllowed('settings.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const cleaned = withoutBlanks(values);
  const parsed = settingsSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new InvalidInputError(fieldErrorsOf(parsed.error.issues));
  }
  const form = parsed.data;
  const herijking = {
    rrule:
      form.herijkingRepeat === 'custom' && form.herijkingRrule
        ? form.herijkingRrule
        : DEFAULT_HERIJKING.rrule,
    localTime: form.herijkingTime,
    openWorkingDays: form.herijkingOpenWorkingDays,
    remindAfterWorkingDays: form.herijkingRemindAfterWorkingDays,
  };
  const saved = await deps.tenantSettings.update(actor.tenantId, (current) => ({
    ...current,
    fourEyesClosure: form.fourEyesClosure === 'true',
    feedback: {
      firstFeedbackWorkingDays: form.firstFeedbackWorkingDays,
      periodicFeedbackMonths: form.periodicFeedbackMonths,
    },
    herijking,
    actionReminders: {
      workingDaysBefore: form.actionDaysBefore,
      overdueEveryWorkingDays: form.actionOverdueEvery,
    },
    councilReportThreshold: form.councilReportThreshold ?? current.councilReportThreshold,
    monthlyCase: monthlyCaseFrom(form, current.monthlyCase),
  }));
  // Audited as soon as the settings are saved: a schedule move that fails after it must not hide the change.
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'settings.changed',
    subjectId: 'settings',
    at: deps.clock.now().toISOString(),
  });
  await moveHerijkingSchedule(deps, actor.tenantId, herijking);
  await moveMonthlyCaseSchedule(deps, actor.tenantId, saved.monthlyCase);
  return saved;
}

/** The case-of-the-month fields; a form without them (sent before they existed) keeps what is stored. */
function monthlyCaseFrom(
  form: { monthlyCaseAudience?: MonthlyCaseAudience; monthlyCaseWeekday?: Weekday; monthlyCaseTime?: string },
  current: MonthlyCaseSettings,
): MonthlyCaseSettings {
  return {
    audience: form.monthlyCaseAudience ?? current.audience,
    weekday: form.monthlyCaseWeekday ?? current.weekday,
    localTime: form.monthlyCaseTime ?? current.localTime,
  };
}

async function moveHerijkingSchedule(
  deps: SettingsDeps,
  tenantId: string,
  herijking: { rrule: string; localTime: string },
): Promise<void> {
  const now = deps.clock.now();
  // None yet: made with these settings when the channel is linked. Applied again to what a tick
  // wrote meanwhile (it moves the schedule on after each occurrence).
  await deps.schedules.update(tenantId, HERIJKING_SCHEDULE_ID, (current) =>
    current ? withNewRule(current, herijking.rrule, herijking.localTime, now) : undefined,
  );
}
