import type { Actor } from '../actor';
import { isAllowed } from '../authorization';
import type { RoleDirectory } from '../roles/role-directory';
import type { DocumentStore } from '../werkgroep/werkgroep-repositories';
import {
  PLAYBOOK_ID,
  type PlaybookSeed,
  type PlaybookText,
  resolvePlaybook,
  type StoredPlaybook,
} from './playbook';

export interface PlaybookDeps {
  playbooks: DocumentStore<StoredPlaybook>;
  roles: RoleDirectory;
}

export interface PlaybookView {
  texts: PlaybookText[];
  /** Coordinators and administrators edit it; everyone else reads. */
  canEdit: boolean;
  /** The version an edit must name, so a change made meanwhile is not overwritten ('' = seeded). */
  version: string;
  updatedAt?: string;
}

/**
 * The tenant's playbook for anyone who reaches the bot (staff are its first readers: it says what
 * to do with a signal); the texts hold no personal data, so reading it is not audited.
 */
export async function readPlaybook(
  deps: PlaybookDeps,
  actor: Actor,
  seed: PlaybookSeed,
): Promise<PlaybookView> {
  const [stored, roles] = await Promise.all([
    deps.playbooks.find(actor.tenantId, PLAYBOOK_ID),
    deps.roles.rolesOf(actor.tenantId, actor.aadObjectId),
  ]);
  return {
    texts: resolvePlaybook(stored, seed),
    canEdit: isAllowed('playbook.edit', roles),
    version: stored?._etag ?? '',
    updatedAt: stored?.updatedAt,
  };
}
