import type { RoleHolder } from '../domain/roles/role';
import type { PersonAsStored, PersonReads } from '../domain/users/person-reads';
import type { UserProfile } from '../domain/users/user-profile';
import { versioned } from './cosmos-documents';
import { withoutSystemProperties } from './cosmos-errors';
import { holderId } from './cosmos-role-repository';
import { type CosmosUserProfileRepository, profileId } from './cosmos-user-profile-repository';
import { readTogether } from './read-together';
import type { SameTickBulk } from './same-tick-bulk';

/**
 * The actor's profile and stored roles in one bulk request (both live in `tenantData`, in the
 * tenant's partition) instead of two point reads. The roles are read from where they are stored on
 * every turn, as before: nothing about them is cached or copied, so a role granted or revoked on any
 * instance counts from the person's next turn. The profile read is handed to the profile repository
 * (asRead), so the turn's conversation/name check needs no read of its own.
 */
export class CosmosPersonReads implements PersonReads {
  constructor(
    /** `tenantData`, shared with the dedupe claim, which rides in the same request. */
    private readonly together: SameTickBulk,
    private readonly users: CosmosUserProfileRepository,
  ) {}

  async read(tenantId: string, aadObjectId: string): Promise<PersonAsStored> {
    const [profile, holder] = await readTogether(this.together, tenantId, [
      profileId(aadObjectId),
      holderId(aadObjectId),
    ]);
    return {
      profile: this.users.asRead(
        tenantId,
        aadObjectId,
        profile?.type === 'user' ? versioned<UserProfile>(profile) : undefined,
      ),
      roleHolder:
        holder?.type === 'role-holder' ? withoutSystemProperties<RoleHolder>(holder as never) : undefined,
    };
  }
}
