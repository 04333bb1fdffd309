import { renderRoles } from '../../../cards/coordinator-cards';
import { InvalidInputError } from '../../domain/errors';
import { changeRole, listRoles } from '../../domain/roles/manage-roles';
import { isRole, type Role } from '../../domain/roles/role';
import { t } from '../../i18n/translate';
import type { Turn } from '../turn';

const ROLE_WORDS: Record<string, Role> = {
  coordinator: 'coordinator',
  coördinator: 'coordinator',
  regievoerder: 'coordinator',
  werkgroep: 'werkgroep',
  werkgroeplid: 'werkgroep',
  beheerder: 'admin',
  admin: 'admin',
  partner: 'partner',
};

/** `rollen`. */
export async function showRoles(turn: Turn): Promise<void> {
  const overview = await listRoles(turn.services, turn.actor);
  await turn.sendCard(
    renderRoles(
      turn.language,
      overview.holders.map((holder) => ({ ...holder, name: holder.name ?? holder.aadObjectId })),
    ),
  );
}

/** `rol geef <naam> <rol>` / `rol neem <naam> <rol>` (and `role grant|revoke`). */
export async function changeRoleByCommand(turn: Turn, argument: string | undefined): Promise<void> {
  const match = /^(geef|grant|neem|revoke)\s+(.+)\s+(\S+)$/.exec(argument ?? '');
  const role = match ? ROLE_WORDS[match[3] as string] : undefined;
  if (!match || !role || !isRole(role)) return turn.sendText('roles.usage');
  const grant = match[1] === 'geef' || match[1] === 'grant';
  try {
    const person = await changeRole(turn.services, turn.actor, {
      grant,
      personQuery: match[2] as string,
      role,
    });
    await turn.sendText(grant ? 'roles.granted' : 'roles.revoked', {
      name: person.name ?? person.aadObjectId,
      role: t(turn.language, `roles.name.${role}`),
    });
  } catch (error) {
    if (error instanceof InvalidInputError)
      return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'roles.usage');
    throw error;
  }
}
