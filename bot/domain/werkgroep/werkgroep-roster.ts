import type { Actor } from '../actor';
import { assertAllowed } from '../authorization';
import { InvalidInputError } from '../errors';
import { setRole } from '../roles/manage-roles';
import { assertRolesCompatible } from '../roles/partners';
import type { WerkgroepDeps } from './manage-werkgroep';

export interface RosterPerson {
  aadObjectId: string;
  name: string;
}

/** The most people the roster card offers; a werkgroep is chosen from a team, not a whole tenant. */
export const MAX_ROSTER = 300;

/**
 * `werkgroep team` in a channel: the team's members to choose the werkgroep from. Their names are
 * remembered, so they can also be named later (`werkgroep lid + …`, `actie nieuw`).
 */
export async function rosterChoices(
  deps: WerkgroepDeps,
  actor: Actor,
  roster: RosterPerson[],
): Promise<{ people: (RosterPerson & { member: boolean })[] }> {
  assertAllowed('werkgroep.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const now = deps.clock.now();
  const members = new Set(await deps.roles.holdersOf(actor.tenantId, 'werkgroep'));
  const people = roster.slice(0, MAX_ROSTER).filter((person) => person.aadObjectId && person.name);
  for (const person of people)
    await deps.users.rememberName(actor.tenantId, person.aadObjectId, person.name, now);
  return {
    people: people
      .map((person) => ({ ...person, member: members.has(person.aadObjectId) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * The roster card's submit: among the people it offered, exactly the chosen ones are werkgroep
 * members. Ids must belong to people the bot knows in this tenant, so a forged card cannot add
 * strangers; every change is audited.
 */
export async function applyRosterChoice(
  deps: WerkgroepDeps,
  actor: Actor,
  offeredIds: string[],
  chosenIds: string[],
): Promise<{ added: string[]; removed: string[] }> {
  assertAllowed('werkgroep.manage', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const offered = [...new Set(offeredIds)].slice(0, MAX_ROSTER);
  const chosen = new Set(chosenIds);
  if ([...chosen].some((id) => !offered.includes(id)))
    throw new InvalidInputError({ members: 'werkgroep.error.roster' });
  for (const id of offered) {
    if (!(await deps.users.find(actor.tenantId, id)))
      throw new InvalidInputError({ members: 'werkgroep.error.roster' });
  }
  const members = new Set(await deps.roles.holdersOf(actor.tenantId, 'werkgroep'));
  const added = offered.filter((id) => chosen.has(id) && !members.has(id));
  const removed = offered.filter((id) => !chosen.has(id) && members.has(id));
  // Checked before anything changes: a partner cannot join (setRole would refuse halfway through).
  for (const current of await Promise.all(added.map((id) => deps.roles.rolesOf(actor.tenantId, id))))
    assertRolesCompatible(current, 'werkgroep');
  const at = deps.clock.now().toISOString();
  for (const id of [...added, ...removed]) {
    const add = added.includes(id);
    await setRole(deps, actor.tenantId, id, 'werkgroep', add);
    await deps.audit.record({
      tenantId: actor.tenantId,
      actor: actor.aadObjectId,
      action: add ? 'role.granted.werkgroep' : 'role.revoked.werkgroep',
      subjectId: id,
      at,
    });
  }
  return { added, removed };
}
