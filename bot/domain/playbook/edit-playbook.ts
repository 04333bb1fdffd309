import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import { ConflictError, type FieldErrors, InvalidInputError } from '../errors';
import { normalizeUserText } from '../user-text';
import {
  isPlaybookField,
  MAX_FIELD_LENGTH,
  PLAYBOOK_ID,
  type PlaybookField,
  type PlaybookSeed,
  type StoredPlaybook,
} from './playbook';
import type { PlaybookDeps } from './read-playbook';

export interface EditPlaybookDeps extends PlaybookDeps {
  audit: AuditLog;
  clock: Clock;
}

export interface PlaybookEdit {
  /** The version the editor started from (PlaybookView.version). */
  version: unknown;
  /** Field -> new text; a blank text (or the seeded one) goes back to the programme's text. */
  texts: unknown;
}

/** Checks the submitted texts: known fields, strings, not too long. */
function validTexts(texts: unknown): Partial<Record<PlaybookField, string>> {
  if (texts === null || typeof texts !== 'object' || Array.isArray(texts)) {
    throw new InvalidInputError({ form: 'playbook.error.form' });
  }
  const errors: FieldErrors = {};
  const clean: Partial<Record<PlaybookField, string>> = {};
  for (const [field, value] of Object.entries(texts)) {
    if (!isPlaybookField(field) || typeof value !== 'string') {
      errors.form = 'playbook.error.form';
      continue;
    }
    const text = normalizeUserText(value).trim();
    if (text.length > MAX_FIELD_LENGTH) errors[field] = 'playbook.error.tooLong';
    else clean[field] = text;
  }
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors);
  return clean;
}

/**
 * A coordinator's (or administrator's) change to the tenant's playbook: only the fields sent
 * change, the edit must start from the stored version (a change made meanwhile is reported, not
 * overwritten), and every change is audited.
 */
export async function editPlaybook(
  deps: EditPlaybookDeps,
  actor: Actor,
  edit: PlaybookEdit,
  seed: PlaybookSeed,
): Promise<void> {
  assertAllowed('playbook.edit', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const changes = validTexts(edit.texts);
  const stored = await deps.playbooks.find(actor.tenantId, PLAYBOOK_ID);
  if ((stored?._etag ?? '') !== edit.version) throw new ConflictError('playbook');
  const texts: Partial<Record<PlaybookField, string>> = { ...stored?.texts };
  for (const [field, text] of Object.entries(changes) as [PlaybookField, string][]) {
    // The seeded text is not stored: the field then follows the programme's text.
    if (text === '' || text === seed(field).trim()) delete texts[field];
    else texts[field] = text;
  }
  const next: StoredPlaybook = {
    id: PLAYBOOK_ID,
    type: 'playbook',
    tenantId: actor.tenantId,
    texts,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: actor.aadObjectId,
  };
  const written = stored
    ? await deps.playbooks.replace(next, stored._etag)
    : await deps.playbooks.createIfAbsent(next);
  if (!written) throw new ConflictError('playbook');
  await deps.audit.record({
    tenantId: actor.tenantId,
    actor: actor.aadObjectId,
    action: 'playbook.changed',
    subjectId: PLAYBOOK_ID,
    at: next.updatedAt,
  });
}
