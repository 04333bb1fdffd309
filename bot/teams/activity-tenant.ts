import type { Activity } from 'botbuilder';

/**
 * The Entra tenant an activity comes from: `conversation.tenantId`, else `channelData.tenant.id`
 * (Teams sends both on most activities, some only one). One reading for the whole bot: the
 * registration that authenticates the activity (tenant-routed-authentication.ts) and the tenant
 * whose data the turn touches (turn-facts.ts) must be the same, or a token of one municipality's
 * bot could act in another's data. Conversation first, as Microsoft's Teams SDK reads it
 * (TeamsActivity.TenantId). Lower case; empty counts as absent.
 */
export function activityTenantId(
  activity: Pick<Activity, 'conversation' | 'channelData'>,
): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  for (const candidate of [fromConversation, fromChannelData])
    if (typeof candidate === 'string' && candidate !== '') return candidate.toLowerCase();
  return undefined;
}
