import { ActivityEventNames, type Middleware, type TurnContext } from 'botbuilder';
import type { DeliveryPacer } from '../outbox/delivery-pacer';
import { activityTenantId } from './activity-tenant';

/** Activities that never reach Teams' connector: the answer to an invoke is the HTTP response itself. */
const NOT_SENT = new Set(['invokeResponse', 'delay', 'trace']);

/**
 * Teams counts a reply to a user's own message against the same 50 requests a second per tenant
 * as the outbox's fan-out. Replies are not paced (a person waits for them); they are counted in
 * the outbox's pacer as they go, so a fan-out running at that moment steps around them instead of
 * the outbox keeping a fixed share of the budget free for them.
 */
export function paceReplies(pacer: DeliveryPacer, now: () => number): Middleware {
  return {
    onTurn: async (context: TurnContext, next) => {
      // Read as the turn and the outbox read it, so replies count under the tenant's own key.
      const tenantId = activityTenantId(context.activity);
      // The outbox's own sends run as continued conversations through this adapter too: the
      // dispatcher has counted those already.
      const continued =
        context.activity.type === 'event' &&
        context.activity.name === ActivityEventNames.ContinueConversation;
      if (tenantId && !continued) {
        context.onSendActivities(async (_context, activities, send) => {
          const at = now();
          for (const activity of activities)
            if (!NOT_SENT.has(activity.type ?? '')) pacer.sentOutside(tenantId, at);
          return send();
        });
      }
      await next();
    },
  };
}
