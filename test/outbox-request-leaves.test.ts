import assert from 'node:assert/strict';
import { CloudAdapter } from 'botbuilder';
import {
  OutboxAwareBotFrameworkAuthentication,
  outboxDeliveryIdentity,
  whenRequestLeaves,
} from '../bot/teams/outbox-owned-retries';
import { CaptureConnector } from './helpers/capture-connector';

/**
 * The pacer counts an outbox send from the moment its request leaves for Teams, which can be well
 * after the dispatcher handed it over when the process is busy. The kept connector clients are
 * shared by every send, so the pipeline tells the waiting send by the conversation its request
 * names: each request tells one send of its own conversation, and no other.
 */
describe('outbox: a send hears when its request leaves', () => {
  let connector: CaptureConnector;
  let adapter: CloudAdapter;

  const reference = (conversationId: string) => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    bot: { id: 'daadkracht', name: 'Daadkracht' },
  });
  const send = (conversationId: string) =>
    adapter.continueConversationAsync(
      outboxDeliveryIdentity(''),
      reference(conversationId),
      async (context) => {
        await context.sendActivity('bericht');
      },
    );

  beforeEach(async () => {
    connector = await CaptureConnector.start();
    adapter = new CloudAdapter(new OutboxAwareBotFrameworkAuthentication({}));
  });

  afterEach(async () => {
    await connector.close();
  });

  it('tells the send once, before Teams has its request, and not a send to another conversation', async () => {
    const told: string[] = [];
    const otherWaiting = new Promise<void>(() => {});
    void whenRequestLeaves(
      'a:other-person',
      () => told.push('other'),
      () => otherWaiting,
    );
    for (const round of [1, 2]) {
      await whenRequestLeaves(
        'a:carla;messageid=1',
        () => told.push(`carla ${round}: ${connector.requests.length} at Teams`),
        () => send('a:carla;messageid=1'),
      );
    }
    assert.deepEqual(told, ['carla 1: 0 at Teams', 'carla 2: 1 at Teams']);
    assert.equal(connector.sent.length, 2);
  });

  it('tells a send whose request was refused too (it counted at Teams), and forgets one that ended', async () => {
    const told: string[] = [];
    connector.failNext(1, 403);
    await whenRequestLeaves(
      'a:erik',
      () => told.push('refused'),
      () => send('a:erik').catch(() => undefined),
    );
    await whenRequestLeaves(
      'a:erik',
      () => told.push('never sent'),
      async () => undefined,
    );
    await whenRequestLeaves(
      'a:erik',
      () => told.push('sent'),
      () => send('a:erik'),
    );
    assert.deepEqual(told, ['refused', 'sent']);
  });

  it('tells each of two sends to one conversation at the same moment once', async () => {
    const told: string[] = [];
    await Promise.all(
      ['first', 'second'].map((name) =>
        whenRequestLeaves(
          'a:carla',
          () => told.push(name),
          () => send('a:carla'),
        ),
      ),
    );
    assert.deepEqual([...told].sort(), ['first', 'second']);
  });
});
