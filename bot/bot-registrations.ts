import { z } from 'zod';

/**
 * A bot registration: one Azure Bot and its identity. One deployment can serve several
 * municipalities, each with its own registration in its own Entra tenant; an activity is
 * authenticated, and answered, with the registration of its tenant.
 */
export interface BotRegistration {
  /** The tenant whose activities this registration serves; undefined: every allowed tenant. */
  tenantId?: string;
  appId: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** The tenant the bot's identity lives in. */
  appTenantId?: string;
  appPassword?: string;
}

/** The app id to send with in a tenant: its own registration's, or the single one's; '' in local mode. */
export function appIdForTenant(registrations: readonly BotRegistration[], tenantId: string): string {
  const tenant = tenantId.toLowerCase();
  const registration =
    registrations.find((candidate) => candidate.tenantId === tenant) ??
    registrations.find((candidate) => candidate.tenantId === undefined);
  return registration?.appId ?? '';
}

const guid = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/, 'must be an Entra tenant id (GUID)');

const registration = z
  .object({
    tenantId: guid,
    appId: z.string().trim().min(1, "must be the bot identity's client id"),
    appType: z.enum(['SingleTenant', 'UserAssignedMSI'], {
      error: 'must be SingleTenant or UserAssignedMSI (Azure no longer creates MultiTenant bots)',
    }),
    appTenantId: guid.optional(),
    appPassword: z.string().trim().min(1).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.appType === 'SingleTenant' && !entry.appPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['appPassword'],
        message: 'is required for a SingleTenant registration',
      });
    }
    if (entry.appType === 'UserAssignedMSI' && entry.appPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['appPassword'],
        message: 'must not be set for a UserAssignedMSI registration',
      });
    }
  });

/** BOT_REGISTRATIONS: a JSON list of the registrations besides the one of MICROSOFT_APP_ID. */
export const botRegistrationsSetting = z
  .string()
  .trim()
  .optional()
  .transform((text, ctx) => {
    if (!text) return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON: [{"tenantId", "appId", "appType", ...}]' });
      return z.NEVER;
    }
  })
  .pipe(z.array(registration, { error: 'must be a JSON list of registrations' }))
  .superRefine((entries, ctx) => {
    const seen = (key: 'tenantId' | 'appId') => {
      const values = entries.map((entry) => entry[key]);
      values.forEach((value, index) => {
        if (values.indexOf(value) !== index) {
          ctx.addIssue({ code: 'custom', path: [index, key], message: `repeats ${key} ${value}` });
        }
      });
    };
    seen('tenantId');
    seen('appId');
  });
