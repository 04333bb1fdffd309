import { isIP } from 'node:net';

/**
 * The shape an activity must have before botbuilder, the store or the connector see it. A body
 * that fails here is the client's fault and gets HTTP 400 with the reason, never a 500 from deep
 * inside a turn; nothing is read, stored or sent for it.
 */
export type ActivityCheck = { ok: true } | { ok: false; reason: string };

export interface ServiceUrlPolicy {
  /**
   * Local mode (no app id): requests are not authenticated, so the bot would call whatever
   * `serviceUrl` a request names. Only this machine (the Agents Playground, a test connector) may
   * be called back then.
   */
  loopbackOnly: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export function checkIncomingActivity(body: unknown, policy: ServiceUrlPolicy): ActivityCheck {
  if (!isObject(body)) return refuse('the body must be a JSON object (an activity)');
  if (!isText(body.type)) return refuse('the activity has no type');
  const serviceUrl = parseServiceUrl(body.serviceUrl);
  if (!serviceUrl) return refuse('the activity has no valid serviceUrl (http or https)');
  if (policy.loopbackOnly && !isLoopback(serviceUrl.hostname))
    return refuse('local mode answers only a serviceUrl on this machine (loopback)');
  if (!isObject(body.conversation) || !isText(body.conversation.id))
    return refuse('the activity has no conversation id');
  if (!isObject(body.from) || !isText(body.from.id)) return refuse('the activity has no sender (from.id)');
  const problem = wrongOptionalField(body);
  return problem ? refuse(problem) : { ok: true };
}

/** Fields the bot reads when present; a wrong type there would fail deep in a turn. */
function wrongOptionalField(body: Record<string, unknown>): string | undefined {
  const strings: [string, unknown][] = [
    ['id', body.id],
    ['channelId', body.channelId],
    ['text', body.text],
    ['name', body.name],
    ['replyToId', body.replyToId],
    ['locale', body.locale],
    ['from.aadObjectId', (body.from as Record<string, unknown>).aadObjectId],
    ['from.name', (body.from as Record<string, unknown>).name],
    ['conversation.tenantId', (body.conversation as Record<string, unknown>).tenantId],
    ['conversation.conversationType', (body.conversation as Record<string, unknown>).conversationType],
  ];
  for (const [field, value] of strings)
    if (value !== undefined && value !== null && typeof value !== 'string') return `${field} must be text`;
  if (body.recipient !== undefined && !isObject(body.recipient)) return 'recipient must be an object';
  if (body.channelData !== undefined && !isObject(body.channelData)) return 'channelData must be an object';
  if (body.entities !== undefined && !Array.isArray(body.entities)) return 'entities must be a list';
  if (Array.isArray(body.entities) && !body.entities.every(isObject)) return 'entities must be objects';
  if (body.membersAdded !== undefined && !Array.isArray(body.membersAdded))
    return 'membersAdded must be a list';
  return undefined;
}

function parseServiceUrl(value: unknown): URL | undefined {
  if (!isText(value)) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

function refuse(reason: string): ActivityCheck {
  return { ok: false, reason };
}
