import type { Container } from '@azure/cosmos';
import type {
  MonthlyCaseRecipient,
  ProfileAsRead,
  UserPreferences,
  UserProfile,
  UserProfileRepository,
} from '../domain/users/user-profile';
import type { Language } from '../i18n/translate';
import { CosmosDocuments, type Versioned } from './cosmos-documents';
import { withoutSystemProperties } from './cosmos-errors';

/**
 * Profiles this instance read or wrote lately, with their version, so a change right after a read
 * (the welcome mark after the turn's own read, `taal en`, a new name) is written without reading
 * the profile again. Only a starting point: an old version is refused by its ETag and read again.
 */
const RECENT_PROFILES = 256;

export class CosmosUserProfileRepository implements UserProfileRepository {
  private readonly profiles: CosmosDocuments<UserProfile>;
  private readonly recent = new Map<string, Versioned<UserProfile>>();
  /** The version behind each read this repository handed out (asRead), for the change that follows it. */
  private readonly reads = new WeakMap<
    ProfileAsRead,
    { key: string; stored: Versioned<UserProfile> | undefined }
  >();

  constructor(private readonly container: Container) {
    this.profiles = new CosmosDocuments<UserProfile>(container, 'user');
  }

  async find(tenantId: string, aadObjectId: string): Promise<UserProfile | undefined> {
    const stored = await this.profiles.find(tenantId, profileId(aadObjectId));
    this.remember(tenantId, aadObjectId, stored);
    if (!stored) return undefined;
    const { _etag, ...profile } = stored;
    return profile as UserProfile;
  }

  /**
   * A profile read elsewhere (one request with the person's roles, cosmos-person-reads.ts), handed
   * out so that the turn's change of it needs no read of its own.
   */
  asRead(tenantId: string, aadObjectId: string, stored: Versioned<UserProfile> | undefined): ProfileAsRead {
    this.remember(tenantId, aadObjectId, stored);
    const read: ProfileAsRead = { profile: stored ? withoutVersion(stored) : undefined };
    this.reads.set(read, { key: recentKey(tenantId, aadObjectId), stored });
    return read;
  }

  async rememberPersonalConversation(
    tenantId: string,
    aadObjectId: string,
    name: string,
    reference: Record<string, unknown>,
    now: Date,
    asRead?: ProfileAsRead,
  ): Promise<{ becameReachable: boolean; profile: UserProfile }> {
    let wasUnreachable = false;
    const profile = await this.update(tenantId, aadObjectId, now, asRead, (profile) => {
      wasUnreachable = !profile.personalConversation;
      const unchanged =
        JSON.stringify(profile.personalConversation) === JSON.stringify(reference) &&
        (profile.name === name || !name);
      if (unchanged) return false;
      profile.personalConversation = reference;
      if (name) profile.name = name;
      return true;
    });
    return { becameReachable: wasUnreachable, profile };
  }

  async rememberName(
    tenantId: string,
    aadObjectId: string,
    name: string,
    now: Date,
    asRead?: ProfileAsRead,
  ): Promise<UserProfile | undefined> {
    if (!name) return asRead ? asRead.profile : this.find(tenantId, aadObjectId);
    return this.update(tenantId, aadObjectId, now, asRead, (profile) => {
      if (profile.name === name) return false;
      profile.name = name;
      return true;
    });
  }

  async findMany(tenantId: string, aadObjectIds: string[]): Promise<UserProfile[]> {
    if (aadObjectIds.length === 0) return [];
    const { resources } = await this.container.items
      .query<UserProfile>(
        {
          query:
            'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "user" AND ARRAY_CONTAINS(@ids, c.id)',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@ids', value: aadObjectIds.map(profileId) },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((profile) => withoutSystemProperties(profile as never));
  }

  async search(tenantId: string, text: string): Promise<UserProfile[]> {
    const { resources } = await this.container.items
      .query<UserProfile>(
        {
          query:
            'SELECT TOP 10 * FROM c WHERE c.tenantId = @tenantId AND c.type = "user" AND IS_STRING(c.name) ' +
            'AND CONTAINS(LOWER(c.name), @text)',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@text', value: text.toLowerCase() },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((profile) => withoutSystemProperties(profile as never));
  }

  async setLanguage(tenantId: string, aadObjectId: string, language: Language, now: Date): Promise<void> {
    await this.update(tenantId, aadObjectId, now, undefined, (profile) => {
      profile.language = language;
      return true;
    });
  }

  async setPreferences(
    tenantId: string,
    aadObjectId: string,
    preferences: UserPreferences,
    now: Date,
  ): Promise<UserProfile> {
    return this.update(tenantId, aadObjectId, now, undefined, (profile) => {
      const changed = Object.entries(preferences).some(
        ([key, value]) => profile[key as keyof UserPreferences] !== value,
      );
      Object.assign(profile, preferences);
      return changed;
    });
  }

  async listMonthlyCaseRecipients(tenantId: string): Promise<MonthlyCaseRecipient[]> {
    const { resources } = await this.container.items
      .query<MonthlyCaseRecipient>(
        {
          // Only the three fields the case needs: never the conversation references of everyone.
          query:
            'SELECT c.aadObjectId, c.language, c.lineOfWork FROM c WHERE c.tenantId = @tenantId AND c.type = "user" ' +
            'AND IS_DEFINED(c.personalConversation) AND (NOT IS_DEFINED(c.monthlyCaseOptOut) OR c.monthlyCaseOptOut = false)',
          parameters: [{ name: '@tenantId', value: tenantId }],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources;
  }

  async markWelcomedOnce(tenantId: string, aadObjectId: string, now: Date): Promise<boolean> {
    // Decided again on every attempt: when a concurrent event (install and member-added arrive
    // together) wins the ETag race, the retry reads its mark and must not welcome a second time.
    let marked = false;
    await this.update(tenantId, aadObjectId, now, undefined, (profile) => {
      marked = !profile.welcomedAt;
      if (marked) profile.welcomedAt = now.toISOString();
      return marked;
    });
    return marked;
  }

  /**
   * Read-modify-write on the ETag (CosmosDocuments.update); `change` returns false when nothing
   * needs writing. A lost race reads again and re-applies the change, so concurrent turns never
   * overwrite each other. Returns the profile as it now stands (a new person's, unsaved, when
   * nothing needed writing). `asRead`: this turn's read of the profile (asRead), used as the loop's
   * first read.
   */
  private async update(
    tenantId: string,
    aadObjectId: string,
    now: Date,
    asRead: ProfileAsRead | undefined,
    changeProfile: (profile: UserProfile) => boolean,
  ): Promise<UserProfile> {
    let seen: UserProfile | undefined;
    const from = this.recent.get(recentKey(tenantId, aadObjectId));
    const change = (current: UserProfile | undefined) => {
      const profile: UserProfile = current ?? {
        id: profileId(aadObjectId),
        type: 'user',
        tenantId,
        aadObjectId,
        updatedAt: now.toISOString(),
      };
      seen = profile;
      if (!changeProfile(profile)) return undefined;
      profile.updatedAt = now.toISOString();
      return profile;
    };
    const read = asRead && this.reads.get(asRead);
    const stored =
      read?.key === recentKey(tenantId, aadObjectId)
        ? await this.profiles.updateFromRead(tenantId, profileId(aadObjectId), read.stored, change)
        : await this.profiles.update(tenantId, profileId(aadObjectId), change, { from });
    this.remember(tenantId, aadObjectId, stored);
    return stored ? withoutVersion(stored) : (seen as UserProfile);
  }

  /** Kept as stored (never handed out, so no caller can change it); the oldest goes first. */
  private remember(tenantId: string, aadObjectId: string, stored: Versioned<UserProfile> | undefined): void {
    const key = recentKey(tenantId, aadObjectId);
    this.recent.delete(key);
    if (!stored) return;
    this.recent.set(key, stored);
    if (this.recent.size > RECENT_PROFILES) this.recent.delete(this.recent.keys().next().value as string);
  }
}

function recentKey(tenantId: string, aadObjectId: string): string {
  return `${tenantId}\u0000${aadObjectId}`;
}

function withoutVersion(stored: Versioned<UserProfile>): UserProfile {
  const { _etag, ...profile } = stored;
  return profile as UserProfile;
}

export function profileId(aadObjectId: string): string {
  return `user:${aadObjectId}`;
}
