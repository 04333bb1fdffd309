import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import type { CosmosStore } from '../bot/storage/cosmos-store';
import { skipUnwrittenDiagnostics } from '../bot/storage/unwritten-diagnostics';
import { freshStore, sharedCosmosServer } from './helpers/shared-cosmos';

/**
 * The SDK formatted every operation's diagnostics as JSON text only for its default writer to
 * throw the text away: CPU on every store request of every turn. Through the real SDK against the
 * embedded store: the writer gets no text, responses still carry their diagnostics, and a client
 * whose writer logs (a verbose level) keeps its text.
 */
type Context = { diagnosticWriter: { write(text: string): Promise<void> } };
const contextOf = (client: CosmosClient) => (client as unknown as { clientContext: Context }).clientContext;

/** What the SDK hands its diagnostics writer during `action`. */
async function writtenDuring(client: CosmosClient, action: () => Promise<unknown>): Promise<string[]> {
  const writer = contextOf(client).diagnosticWriter;
  const write = writer.write;
  const texts: string[] = [];
  writer.write = async (text: string) => {
    texts.push(text);
  };
  try {
    await action();
  } finally {
    writer.write = write;
  }
  return texts;
}

describe('store diagnostics nobody writes are not formatted', () => {
  let store: CosmosStore;

  before(async () => {
    store = await freshStore();
    await store
      .container('tenantData')
      .items.create({ id: 'probe', tenantId: 'diagnostics-tenant', type: 'probe' });
  });

  it('hands the default writer no text for reads and queries, and keeps diagnostics on responses', async () => {
    const container = store.container('tenantData');
    let read: Awaited<ReturnType<ReturnType<typeof container.item>['read']>> | undefined;
    const texts = await writtenDuring(store.client, async () => {
      read = await container.item('probe', 'diagnostics-tenant').read();
      await container.items
        .query('SELECT * FROM c WHERE c.type = "probe"', { partitionKey: 'diagnostics-tenant' })
        .fetchAll();
    });
    assert.ok(texts.length >= 2, 'the SDK still reports each operation to its writer');
    assert.deepEqual(
      texts.filter((text) => text !== ''),
      [],
      'no diagnostics text was formatted for a writer that discards it',
    );
    assert.equal(read?.resource?.id, 'probe');
    assert.ok(read?.diagnostics?.clientSideRequestStatistics, 'the response keeps its diagnostics');
  });

  it('leaves a client whose writer logs with its text', async () => {
    const server = await sharedCosmosServer();
    const verbose = new CosmosClient({
      endpoint: server.endpoint,
      key: 'verbose-key',
      agent: server.agent,
      diagnosticLevel: 'debug' as never,
    });
    assert.equal(skipUnwrittenDiagnostics(verbose), false);
    const texts = await writtenDuring(verbose, () =>
      verbose.database(store.database.id).container('tenantData').item('probe', 'diagnostics-tenant').read(),
    );
    assert.ok(
      texts.some((text) => text.startsWith('{')),
      'the verbose writer still gets the JSON text',
    );
    verbose.dispose();
  });
});
