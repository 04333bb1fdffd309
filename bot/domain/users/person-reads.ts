import type { RoleHolder } from '../roles/role';
import type { ProfileAsRead } from './user-profile';

/** What a turn needs to know of the person who acts, as stored. */
export interface PersonAsStored {
  profile: ProfileAsRead;
  /** Their stored roles (undefined: none stored); seeds and partner rules are the directory's. */
  roleHolder: RoleHolder | undefined;
}

/**
 * Every turn starts by reading the actor's profile and stored roles: both at once, in one request
 * (docs/decisions.md, "The turn opener: profile and roles in one request").
 */
export interface PersonReads {
  read(tenantId: string, aadObjectId: string): Promise<PersonAsStored>;
}
