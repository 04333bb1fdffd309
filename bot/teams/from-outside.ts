import { type TeamsChannelAccount, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

/**
 * Whether Teams places the person outside the meldpunt's own organisation: in a shared channel
 * (the only place where people of another tenant reach the bot), Teams is asked who they are;
 * a member of another tenant, or a guest, is a partner here. Elsewhere nothing is asked: that
 * would be a round trip on every turn, and guests elsewhere are marked by a coordinator
 * (`rol geef <naam> partner`). When Teams cannot say, the person counts as outside: a partner
 * may report, but sees nothing else. See docs/decisions.md.
 */
export async function isFromOutside(
  context: TurnContext,
  tenantId: string,
  logger: Logger,
): Promise<boolean> {
  const channel = (context.activity.channelData as { channel?: { type?: unknown; membershipType?: unknown } })
    ?.channel;
  const shared = channel?.type === 'shared' || channel?.membershipType === 'shared';
  if (!shared) return false;
  let member: TeamsChannelAccount;
  try {
    member = await TeamsInfo.getMember(context, context.activity.from.id);
  } catch (error) {
    logger.warn(
      { err: error, tenantId },
      'could not ask Teams who wrote in a shared channel; treated as a partner',
    );
    return true;
  }
  const homeTenant = typeof member.tenantId === 'string' ? member.tenantId.toLowerCase() : undefined;
  return member.userRole === 'guest' || (homeTenant !== undefined && homeTenant !== tenantId);
}
