import type { InvokeResponse } from 'botbuilder';

/**
 * The bot uses Action.Submit cards; its only invokes are the message action's (routes.ts
 * INVOKES). Any other invoke is one it does not handle: a stale or forged client, or a manifest
 * change ahead of the code; a failed message action is answered here too. Teams shows an invoke's answer to the person, so each kind
 * gets the answer its protocol expects, carrying a short text, instead of botbuilder's 501 (a
 * server error in Teams' eyes and "something went wrong" on the client).
 */
export function answerUnknownInvoke(name: string | undefined, message: string): InvokeResponse {
  const kind = name ?? '';
  // Universal Actions (Action.Execute): an Adaptive Card invoke response of the message type.
  if (kind === 'adaptiveCard/action')
    return ok({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message });
  // Message extensions: a composeExtension result of the message type.
  if (kind.startsWith('composeExtension/'))
    return ok({ composeExtension: { type: 'message', text: message } });
  // Dialogs (task modules): a task response of the message type.
  if (kind === 'task/fetch' || kind === 'task/submit')
    return ok({ task: { type: 'message', value: message } });
  // Anything else (tab/fetch, config/fetch, signin/*, ...): acknowledged, nothing to show.
  return { status: 200 };
}

function ok(body: unknown): InvokeResponse {
  return { status: 200, body };
}
