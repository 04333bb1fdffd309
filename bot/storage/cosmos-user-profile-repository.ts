import { setTimeout as sleep } from 'node:timers/promises';
import type { Container } from '@azure/cosmos';
import type { UserProfile, UserProfileRepository } from '../domain/users/user-profile';
import type { Language } from '../i18n/translate';
import { isConflict, isNotFound, isPreconditionFailed, withoutSystemProperties } from './cosmos-errors';

type StoredProfile = UserProfile & { _etag?: string };

const MAX_ATTEMPTS = 10;

export class CosmosUserProfileRepository implements UserProfileRepository {
  constructor(private readonly container: Container) {}

  async find(tenantId: string, aadObjectId: string): Promise<UserProfile | undefined> {
    const stored = await this.read(tenantId, aadObjectId);
    return stored ? withoutSystemProperties(stored as never) : undefined;
  }

  async rememberPersonalConversation(
    tenantId: string,
    aadObjectId: string,
    name: string,
    reference: Record<string, unknown>,
    now: Date,
  ): Promise<{ becameReachable: boolean; profile: UserProfile }> {
    let wasUnreachable = false;
    const profile = await this.update(tenantId, aadObjectId, now, (profile) => {
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
  ): Promise<UserProfile | undefined> {
    if (!name) return this.find(tenantId, aadObjectId);
    return this.update(tenantId, aadObjectId, now, (profile) => {
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
    await this.update(tenantId, aadObjectId, now, (profile) => {
      profile.language = language;
      return true;
    });
  }

  async markWelcomedOnce(tenantId: string, aadObjectId: string, now: Date): Promise<boolean> {
    // Decided again on every attempt: when a concurrent event (install and member-added arrive
    // together) wins the ETag race, the retry reads its mark and must not welcome a second time.
    let marked = false;
    await this.update(tenantId, aadObjectId, now, (profile) => {
      marked = !profile.welcomedAt;
      if (marked) profile.welcomedAt = now.toISOString();
      return marked;
    });
    return marked;
  }

  /**
   * Read-modify-write with the ETag; `change` returns false when nothing needs writing.
   * A lost race re-reads and re-applies the change, so concurrent turns never overwrite each other.
   * Returns the profile as it now stands.
   */
  private async update(
    tenantId: string,
    aadObjectId: string,
    now: Date,
    change: (profile: StoredProfile) => boolean,
  ): Promise<UserProfile> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const existing = await this.read(tenantId, aadObjectId);
      const profile: StoredProfile = existing ?? {
        id: profileId(aadObjectId),
        type: 'user',
        tenantId,
        aadObjectId,
        updatedAt: now.toISOString(),
      };
      if (!change(profile)) return withoutSystemProperties(profile as never);
      profile.updatedAt = now.toISOString();
      const { _etag, ...body } = profile;
      try {
        if (existing) {
          await this.container
            .item(body.id, tenantId)
            .replace(body, { accessCondition: { type: 'IfMatch', condition: _etag ?? '' } });
        } else {
          await this.container.items.create(body);
        }
        return withoutSystemProperties(body as never);
      } catch (error) {
        if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
        await sleep(Math.random() * 10 * attempt);
      }
    }
    throw new Error('user profile update kept conflicting');
  }

  private async read(tenantId: string, aadObjectId: string): Promise<StoredProfile | undefined> {
    try {
      const { resource } = await this.container.item(profileId(aadObjectId), tenantId).read<StoredProfile>();
      return resource;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function profileId(aadObjectId: string): string {
  return `user:${aadObjectId}`;
}
