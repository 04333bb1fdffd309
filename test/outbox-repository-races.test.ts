import assert from 'node:assert/strict';
import { newOutboxEntry, type OutboxEntry } from '../bot/outbox/outbox-entry';
import type { VersionedOutboxEntry } from '../bot/outbox/outbox-repository';
import { CosmosOutboxRepository } from '../bot/storage/cosmos-outbox-repository';
import { freshStore } from './helpers/shared-cosmos';

const TENANT = 'tenant-gemeente-a';
const NOW = new Date('2027-03-01T09:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const LEASE_MS = 120_000;

/** Two bot instances' outbox repositories on one store. */
async function twoInstances() {
  const store = await freshStore();
  const open = () =>
    new CosmosOutboxRepository(store.container('tenantData'), store.container('outboxHistory'));
  return [open(), open()] as const;
}

const notices = (count: number, recipient = (i: number) => `person-${i}`) =>
  Array.from({ length: count }, (_, i) =>
    newOutboxEntry(TENANT, `notice:${i}`, recipient(i), { kind: 'notice' }, NOW),
  );

const body = ({ _etag, ...entry }: VersionedOutboxEntry): OutboxEntry => entry;

describe('outbox repository: two instances on the same entries', () => {
  it('gives each entry to one instance when both claim the same entries at once', async () => {
    const [here, there] = await twoInstances();
    await here.enqueue(notices(30));
    // A claim as the dispatcher makes it: leased, and not due again until the lease ends, so an
    // instance that reads after the other's claim (a busy machine orders them so) does not see it.
    const leaseUntil = later(LEASE_MS).toISOString();
    const claim = async (repository: CosmosOutboxRepository) => {
      const due = await repository.findDue(NOW, 100);
      const claimed = await repository.replaceEach(
        due.map((entry) => ({ entry, next: { ...body(entry), nextAttemptAt: leaseUntil, leaseUntil } })),
      );
      return claimed.filter((entry) => entry !== undefined);
    };
    const [mine, theirs] = await Promise.all([claim(here), claim(there)]);
    const ids = [...mine, ...theirs].map((entry) => entry.id).sort();
    assert.deepEqual(
      ids,
      notices(30)
        .map((entry) => entry.id)
        .sort(),
      'every entry claimed exactly once',
    );
    for (const won of [...mine, ...theirs]) {
      const [stored] = (await here.findDue(later(LEASE_MS), 100)).filter((entry) => entry.id === won.id);
      assert.equal(stored?._etag, won._etag, 'the claim answers the stored version');
    }
  });

  it('records an entry as sent only with the version its instance claimed', async () => {
    const [here, there] = await twoInstances();
    await here.enqueue(notices(1));
    const [read] = await here.findDue(NOW, 10);
    assert.ok(read);
    // This instance's lease ran out; the other took the entry over and is sending it.
    const [taken] = await there.replaceEach([{ entry: read, next: { ...body(read), leaseUntil: 'there' } }]);
    assert.ok(taken);
    const late = await here.replaceIfUnchanged(read, {
      ...body(read),
      status: 'sent',
      sentAt: NOW.toISOString(),
    });
    assert.equal(late, undefined, 'the late answer of the first instance changes nothing');
    assert.equal(
      (await there.findDue(later(1), 10))[0]?.leaseUntil,
      'there',
      'still pending, still taken over',
    );
    const sent = await there.replaceIfUnchanged(taken, {
      ...body(taken),
      status: 'sent',
      sentAt: NOW.toISOString(),
    });
    assert.equal(sent?.status, 'sent');
    assert.deepEqual(await here.findDue(later(1), 10), [], 'out of the working container');
    // The same record again (its answer was lost): the entry is gone, which is what was asked.
    const again = await there.replaceIfUnchanged(taken, {
      ...body(taken),
      status: 'sent',
      sentAt: NOW.toISOString(),
    });
    assert.equal(again?.status, 'sent');
    await here.enqueue(notices(1));
    assert.deepEqual(await here.findDue(later(1), 10), [], 'written again after it was sent: not sent twice');
  });

  it('stores a fan-out written on both instances at once once per message', async () => {
    const [here, there] = await twoInstances();
    await Promise.all([here.enqueue(notices(150)), there.enqueue(notices(150))]);
    const due = await here.findDue(NOW, 500);
    assert.equal(due.length, 150);
    assert.equal(new Set(due.map((entry) => entry.id)).size, 150);
  });

  it('lets one instance at a time hold a tenant’s sender lease', async () => {
    const [here, there] = await twoInstances();
    const held = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? here : there).holdSender(TENANT, i % 2 === 0 ? 'here' : 'there', NOW, later(30_000)),
      ),
    );
    const winners = new Set(
      held.map((answer, i) => (answer.heldElsewhereUntil ? undefined : i % 2 === 0 ? 'here' : 'there')),
    );
    winners.delete(undefined);
    assert.equal(winners.size, 1, 'one holder');
    const [holder] = [...winners];
    const other = holder === 'here' ? there : here;
    const otherName = holder === 'here' ? 'there' : 'here';
    const holderRepository = holder === 'here' ? here : there;
    assert.deepEqual(await other.holdSender(TENANT, otherName, later(1_000), later(31_000)), {
      heldElsewhereUntil: later(30_000),
    });
    await other.releaseSender(TENANT, otherName, later(1_000));
    assert.ok((await other.holdSender(TENANT, otherName, later(1_000), later(31_000))).heldElsewhereUntil);
    assert.deepEqual(
      await holderRepository.holdSender(TENANT, holder as string, later(2_000), later(40_000)),
      {},
    );
    await holderRepository.releaseSender(TENANT, holder as string, later(3_000));
    assert.deepEqual(
      await other.holdSender(TENANT, otherName, later(3_000), later(33_000)),
      {},
      'free at once',
    );
  });

  it('wakes what waited for a person, but not an entry another instance is sending', async () => {
    const [here, there] = await twoInstances();
    const waiting = notices(4, () => 'dana').map((entry) => ({
      ...entry,
      nextAttemptAt: later(3_600_000).toISOString(),
      lastError: 'no-conversation',
    }));
    await here.enqueue(waiting);
    const [leased] = await there.findDue(later(3_600_000), 1);
    assert.ok(leased);
    await there.replaceEach([
      { entry: leased, next: { ...body(leased), leaseUntil: later(3_700_000).toISOString() } },
    ]);
    await here.wakeRecipient(TENANT, 'dana', later(60_000));
    const due = await here.findDue(later(60_000), 10);
    assert.deepEqual(
      due.map((entry) => entry.id).sort(),
      waiting
        .map((entry) => entry.id)
        .filter((id) => id !== leased.id)
        .sort(),
    );
  });
});
