import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { type ClaimsIdentity, type ConnectorClient, ConnectorFactory } from 'botframework-connector';

/**
 * The connector client retries 429 and 5xx by itself, sleeping for Retry-After inside the call.
 * For outbox deliveries the dispatcher owns retries (it records them, survives restarts and never
 * blocks on a sleep), so within `withoutConnectorRetries` the client's retry policy is removed.
 * Replies inside a turn keep the SDK's retries.
 */
const outboxDelivery = new AsyncLocalStorage<true>();

export function withoutConnectorRetries<T>(send: () => Promise<T>): Promise<T> {
  return outboxDelivery.run(true, send);
}

/** Name of core-rest-pipeline's retry policy; a test fails if a botbuilder upgrade renames it. */
export const CONNECTOR_RETRY_POLICY = 'defaultRetryPolicy';

export class OutboxAwareBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    return new (class extends ConnectorFactory {
      async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const client = await inner.create(serviceUrl, audience);
        if (outboxDelivery.getStore()) removeRetryPolicy(client);
        return client;
      }
    })();
  }
}

function removeRetryPolicy(client: ConnectorClient): void {
  const pipeline = (
    client as unknown as { client?: { pipeline?: { removePolicy(p: { name: string }): unknown } } }
  ).client?.pipeline;
  if (!pipeline) throw new Error('connector client has no pipeline: botbuilder internals changed');
  pipeline.removePolicy({ name: CONNECTOR_RETRY_POLICY });
}
