import { TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { rememberPersonalChat } from './remember-personal-chat';
import type { Turn } from './turn';

/**
 * The person's 1:1 chat with the bot, for a turn that did not come from it (the message action's
 * dialog): the one the bot remembers, or one asked of Teams now and remembered. Undefined when
 * Teams refuses (the app is not installed for the person, or they are outside its reach); the
 * caller then says so instead of storing a report whose receipt could never arrive.
 */
export async function reachPersonalChat(turn: Turn): Promise<Record<string, unknown> | undefined> {
  const { logger } = turn.services;
  const { actor, activity } = turn;
  const known = turn.profile?.personalConversation;
  if (known) return known;
  const connector = turn.context.turnState.get<ConnectorClient>(turn.context.adapter.ConnectorClientKey);
  if (!connector || !activity.from?.id) return undefined;
  let conversationId: string;
  try {
    const created = await connector.conversations.createConversation({
      isGroup: false,
      bot: activity.recipient,
      members: [{ id: activity.from.id, name: activity.from.name ?? '' }],
      tenantId: actor.tenantId,
      channelData: { tenant: { id: actor.tenantId } },
    });
    conversationId = created.id;
  } catch (error) {
    logger.warn({ err: error, tenantId: actor.tenantId }, 'could not open a 1:1 chat for a receipt');
    return undefined;
  }
  // The reference of this turn with the new conversation in it: the same bot, person and service.
  const { activityId: _thisInvoke, ...base } = TurnContext.getConversationReference(activity);
  const reference = JSON.parse(
    JSON.stringify({
      ...base,
      conversation: { id: conversationId, conversationType: 'personal', tenantId: actor.tenantId },
    }),
  ) as Record<string, unknown>;
  await rememberPersonalChat(turn.services, actor, reference);
  return reference;
}
