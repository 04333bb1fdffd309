export const ROLES = ['coordinator', 'werkgroep', 'admin'] as const;
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
