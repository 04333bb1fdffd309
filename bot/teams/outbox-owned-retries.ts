import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

/**
 * The connector client retries 429 and 5xx by itself, sleeping for Retry-After inside the call.
 * For outbox deliveries the dispatcher owns retries (it records them, survives restarts and never
 * blocks on a sleep), so a send made as `outboxDeliveryIdentity` gets a client without that retry
 * policy. Replies inside a turn keep the SDK's retries.
 *
 * The send says so in its claims, which botbuilder hands to the connector factory, not in an
 * AsyncLocalStorage: in Node 20 one AsyncLocalStorage that has run turns on async hooks for every
 * promise of the process from then on (~50 µs of CPU per store request through @azure/cosmos,
 * measured with bench/cpu-per-request.ts), and nothing else in the bot needs them.
 */
const OUTBOX_DELIVERY_CLAIM = 'daadkracht:outbox-delivery';

/** The identity botbuilder would make for `botAppId`, marked as the outbox's own send. */
export function outboxDeliveryIdentity(botAppId: string): ClaimsIdentity {
  return new ClaimsIdentity([
    { type: AuthenticationConstants.AudienceClaim, value: botAppId },
    { type: AuthenticationConstants.AppIdClaim, value: botAppId },
    { type: OUTBOX_DELIVERY_CLAIM, value: 'true' },
  ]);
}

const isOutboxDelivery = (claimsIdentity: ClaimsIdentity) =>
  claimsIdentity.getClaimValue(OUTBOX_DELIVERY_CLAIM) === 'true';

/** Name of core-rest-pipeline's retry policy; a test fails if a botbuilder upgrade renames it. */
export const CONNECTOR_RETRY_POLICY = 'defaultRetryPolicy';

/**
 * Outbox deliveries keep their clients: botbuilder builds a connector client (its HTTP pipeline,
 * credentials) and a user-token client for every proactive send, ~0.2 ms of CPU each time, and a
 * fan-out sends a thousand. A client holds nothing of a send (the token cache is botbuilder's
 * own, shared, and renewed by the same credentials), so one per bot identity and service URL is
 * reused. Turns keep botbuilder's clients as they are (with their retries).
 */
const MAX_KEPT_CLIENTS = 64;

export class OutboxAwareBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly outboxConnectors = new Map<string, Promise<ConnectorClient>>();
  private readonly outboxTokenClients = new Map<string, Promise<UserTokenClient>>();

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    const kept = this.outboxConnectors;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        if (!isOutboxDelivery(claimsIdentity)) return inner.create(serviceUrl, audience);
        return keep(kept, `${identityKey(claimsIdentity)}\n${serviceUrl}\n${audience ?? ''}`, async () => {
          const client = await inner.create(serviceUrl, audience);
          removeRetryPolicy(client);
          reportRequests(client);
          return client;
        });
      }
    })();
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    if (!isOutboxDelivery(claimsIdentity)) return super.createUserTokenClient(claimsIdentity);
    return keep(this.outboxTokenClients, identityKey(claimsIdentity), () =>
      super.createUserTokenClient(claimsIdentity),
    );
  }
}

/** The kept client for `key`, made once; a failed making is not kept (the next send tries again). */
function keep<T>(kept: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const found = kept.get(key);
  if (found) return found;
  // Service URLs are a handful per cloud region; a bound all the same.
  if (kept.size >= MAX_KEPT_CLIENTS) kept.clear();
  const made = make();
  kept.set(key, made);
  made.catch(() => {
    if (kept.get(key) === made) kept.delete(key);
  });
  return made;
}

/** Everything botbuilder reads of the identity to pick the credentials (the bot's app id, audience). */
function identityKey(claimsIdentity: ClaimsIdentity): string {
  return JSON.stringify([claimsIdentity.isAuthenticated, claimsIdentity.claims]);
}

/** The parts of core-rest-pipeline's pipeline used here (botbuilder does not export its type). */
interface ConnectorPipeline {
  removePolicy(policy: { name: string }): unknown;
  addPolicy(
    policy: {
      name: string;
      sendRequest(request: { url: string }, next: (request: unknown) => Promise<unknown>): Promise<unknown>;
    },
    options: { afterPhase: 'Sign' },
  ): void;
}

function pipelineOf(client: ConnectorClient): ConnectorPipeline {
  const pipeline = (client as unknown as { client?: { pipeline?: ConnectorPipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('connector client has no pipeline: botbuilder internals changed');
  return pipeline;
}

function removeRetryPolicy(client: ConnectorClient): void {
  pipelineOf(client).removePolicy({ name: CONNECTOR_RETRY_POLICY });
}

/**
 * Who waits to hear that an outbox send's request leaves, per conversation id, first come first
 * told. Kept clients are shared by every send, and the request's URL is all the pipeline sees of
 * the send that made it: it names the conversation. (An AsyncLocalStorage would carry the send to
 * the pipeline, at the cost described at the top of this file.)
 */
const departures = new Map<string, Array<() => void>>();

/**
 * Runs `send` (an outbox delivery to `conversationId`); `onRequest` is called the moment its
 * request goes to the HTTP transport (the pacer counts the send from then: botbuilder's own steps
 * before it may take a while when the process is busy).
 */
export async function whenRequestLeaves<T>(
  conversationId: string | undefined,
  onRequest: (() => void) | undefined,
  send: () => Promise<T>,
): Promise<T> {
  if (!onRequest || !conversationId) return send();
  const waiting = departures.get(conversationId) ?? [];
  departures.set(conversationId, waiting);
  waiting.push(onRequest);
  try {
    return await send();
  } finally {
    // A send that failed before its request left (no token, no conversation) is not told later.
    const at = waiting.indexOf(onRequest);
    if (at >= 0) waiting.splice(at, 1);
    if (waiting.length === 0 && departures.get(conversationId) === waiting) departures.delete(conversationId);
  }
}

/** Name of the policy that tells the delivery its request is leaving. */
export const REQUEST_LEAVES_POLICY = 'outboxRequestLeaves';

/** `…/v3/conversations/{id}/activities…`: the conversation a connector request is for. */
function conversationOf(url: string): string | undefined {
  const match = /\/v3\/conversations\/([^/?]+)/.exec(url);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/**
 * The last step before the HTTP transport, which writes the request in the same tick: the
 * delivery hears when its request really leaves (after the credentials, when it has a token).
 */
function reportRequests(client: ConnectorClient): void {
  pipelineOf(client).addPolicy(
    {
      name: REQUEST_LEAVES_POLICY,
      sendRequest: (request, next) => {
        const conversationId = conversationOf(request.url);
        if (conversationId) departures.get(conversationId)?.shift()?.();
        return next(request);
      },
    },
    { afterPhase: 'Sign' },
  );
}
