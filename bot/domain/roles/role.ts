/**
 * `partner`: someone outside the municipality's own staff (a guest, or a person from another
 * organisation's tenant in a shared channel). It is a restriction, not a right: see partners.ts.
 */
export const ROLES = ['coordinator', 'werkgroep', 'admin', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A person's roles in one tenant, stored as data so that roles outlive whoever assigned them. */
export interface RoleHolder {
  id: string;
  type: 'role-holder';
  tenantId: string;
  aadObjectId: string;
  roles: Role[];
  updatedAt: string;
}
