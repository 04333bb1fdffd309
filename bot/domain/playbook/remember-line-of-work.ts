import type { Clock } from '../../clock';
import type { Actor } from '../actor';
import { InvalidInputError } from '../errors';
import type { UserProfileRepository } from '../users/user-profile';
import { isLineOfWork, type LineOfWork } from './lines-of-work';

/** Remembers the line of work a person chose in `uitleg` (a card button: checked, never trusted). */
export async function rememberLineOfWork(
  deps: { users: Pick<UserProfileRepository, 'setPreferences'>; clock: Clock },
  actor: Actor,
  value: unknown,
): Promise<LineOfWork> {
  if (!isLineOfWork(value)) throw new InvalidInputError({ lineOfWork: 'playbook.error.form' });
  await deps.users.setPreferences(actor.tenantId, actor.aadObjectId, { lineOfWork: value }, deps.clock.now());
  return value;
}
