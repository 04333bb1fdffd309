import { type Activity, TurnContext } from 'botbuilder';
import type { Actor } from '../domain/actor';
import { activityTenantId } from './activity-tenant';

/** The facts every handler needs from a Teams activity, read in one place. */
export interface TurnFacts {
  tenantId?: string;
  actor?: Actor;
  isPersonal: boolean;
}

export function readTurnFacts(activity: Activity): TurnFacts {
  const tenantId = activityTenantId(activity);
  const aadObjectId = activity.from?.aadObjectId?.toLowerCase();
  const conversationType = activity.conversation?.conversationType;
  return {
    tenantId,
    actor: tenantId && aadObjectId ? { tenantId, aadObjectId, name: activity.from.name ?? '' } : undefined,
    isPersonal: conversationType === 'personal' || conversationType === undefined,
  };
}

/** The command text of a message: mention of the bot removed, whitespace folded, lower case. */
export function commandText(activity: Activity): string {
  const withoutMention = activity.recipient ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (withoutMention ?? '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?]+$/, '')
    .toLowerCase();
}
