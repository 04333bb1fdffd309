import type { Actor } from '../domain/actor';
import { ensureMonthlyCaseSchedule } from '../domain/monthly-case/monthly-case-schedule';
import type { ProfileAsRead } from '../domain/users/user-profile';
import type { BotServices } from './bot-services';

/**
 * Stores how to reach the person 1:1, wherever the bot learned it (their own message, or a chat
 * it opened for the message action's receipt). The first time, what waited for them is sent now,
 * and the tenant has someone to send the case of the month to.
 */
export async function rememberPersonalChat(
  services: BotServices,
  actor: Actor,
  reference: Record<string, unknown>,
  /** The turn's own read of the profile, if it made one: no second read. */
  asRead?: ProfileAsRead,
) {
  const { users, outbox, clock } = services;
  const remembered = await users.rememberPersonalConversation(
    actor.tenantId,
    actor.aadObjectId,
    actor.name,
    reference,
    clock.now(),
    asRead,
  );
  if (remembered.becameReachable) {
    await outbox.wakeRecipient(actor.tenantId, actor.aadObjectId, clock.now());
    await ensureMonthlyCaseSchedule(services, actor.tenantId);
  }
  return remembered.profile;
}
