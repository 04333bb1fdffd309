import assert from 'node:assert/strict';
import { ConflictError } from '../bot/domain/errors';
import { CosmosDocuments, KeptChangingError } from '../bot/storage/cosmos-documents';
import { freshStore } from './helpers/shared-cosmos';

interface Tally {
  id: string;
  type: 'tally';
  tenantId: string;
  marks: string[];
  count: number;
}

const TENANT = 'tenant-gemeente-a';

/** Two helpers on one container: two bot instances writing the same documents. */
async function twoInstances() {
  const container = (await freshStore()).container('tenantData');
  return [
    new CosmosDocuments<Tally>(container, 'tally'),
    new CosmosDocuments<Tally>(container, 'tally'),
  ] as const;
}

const tally = (id: string, count = 0): Tally => ({ id, type: 'tally', tenantId: TENANT, marks: [], count });

describe('CosmosDocuments: one way of optimistic concurrency for every repository', () => {
  it('update keeps every change when twenty writers on two instances change one document at once', async () => {
    const [here, there] = await twoInstances();
    const writers = Array.from({ length: 20 }, (_, i) => `w${i}`);
    await Promise.all(
      writers.map((mark, i) =>
        (i % 2 === 0 ? here : there).update(TENANT, 'tally:1', (current) => {
          const next = current ?? tally('tally:1');
          return { ...next, marks: [...next.marks, mark], count: next.count + 1 };
        }),
      ),
    );
    const stored = await here.find(TENANT, 'tally:1');
    assert.equal(stored?.count, 20, 'no increment lost');
    assert.deepEqual([...(stored?.marks ?? [])].sort(), [...writers].sort(), 'no writer overwritten');
  });

  it('update decides again on the latest version after a lost race, and writes nothing when told so', async () => {
    const [here, there] = await twoInstances();
    // "Mark once": ten writers, one mark; everyone else sees the winner's mark and writes nothing.
    const firsts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        let first = false;
        return (i % 2 === 0 ? here : there)
          .update(TENANT, 'tally:once', (current) => {
            first = !current?.marks.length;
            return first ? { ...(current ?? tally('tally:once')), marks: [`w${i}`] } : undefined;
          })
          .then(() => first);
      }),
    );
    assert.equal(firsts.filter(Boolean).length, 1);
    assert.equal((await here.find(TENANT, 'tally:once'))?.marks.length, 1);
    assert.equal(await here.update(TENANT, 'tally:absent', () => undefined), undefined, 'nothing created');
    assert.equal(await here.find(TENANT, 'tally:absent'), undefined);
  });

  it('update answers the stored version, whose ETag a later replace can use', async () => {
    const [here] = await twoInstances();
    const written = await here.update(TENANT, 'tally:2', () => tally('tally:2', 5));
    assert.equal(written?.count, 5);
    assert.ok(written?._etag);
    assert.equal('_rid' in (written ?? {}), false, 'no system properties in the record');
    const replaced = await here.tryReplace({ ...tally('tally:2'), count: 6 }, written._etag);
    assert.equal(replaced?.count, 6);
    assert.notEqual(replaced?._etag, written._etag);
    assert.equal(
      await here.tryReplace({ ...tally('tally:2'), count: 7 }, written._etag),
      undefined,
      'stale ETag',
    );
    assert.equal((await here.find(TENANT, 'tally:2'))?.count, 6);
  });

  it('update gives up with KeptChangingError when every attempt loses the race', async () => {
    const container = (await freshStore()).container('tenantData');
    // Every read is overtaken by another writer before this one writes: its ETag is always old.
    class AlwaysOvertaken extends CosmosDocuments<Tally> {
      override async find(tenantId: string, id: string) {
        const found = await super.find(tenantId, id);
        return found && { ...found, _etag: '"overtaken"' };
      }
    }
    const documents = new AlwaysOvertaken(container, 'tally');
    await documents.createIfAbsent(tally('tally:3'));
    let tries = 0;
    await assert.rejects(
      documents.update(
        TENANT,
        'tally:3',
        (current) => {
          tries += 1;
          return current && { ...current, count: current.count + 1 };
        },
        { attempts: 3 },
      ),
      (error) => error instanceof KeptChangingError && error instanceof ConflictError,
      'a ConflictError: a person is told someone else changed it first',
    );
    assert.equal(tries, 3, 'read and decided again on every attempt');
    assert.equal((await documents.find(TENANT, 'tally:3'))?.count, 0, 'nothing written over the others');
  });

  it('update from a version known moments ago writes without a read, and reads when it is old', async () => {
    const container = (await freshStore()).container('tenantData');
    let reads = 0;
    class CountingReads extends CosmosDocuments<Tally> {
      override find(tenantId: string, id: string) {
        reads += 1;
        return super.find(tenantId, id);
      }
    }
    const here = new CountingReads(container, 'tally');
    const there = new CosmosDocuments<Tally>(container, 'tally');
    const first = await here.tryCreate(tally('tally:7'));
    assert.ok(first);
    const increment = (current: Tally | undefined) => current && { ...current, count: current.count + 1 };
    const second = await here.update(TENANT, 'tally:7', increment, { from: first });
    assert.equal(second?.count, 1);
    assert.equal(reads, 0, 'written on the known version, no read');
    // Another instance changes it: the known version is old now; the write is refused and read again.
    await there.update(TENANT, 'tally:7', (current) => current && { ...current, marks: ['there'] });
    const third = await here.update(TENANT, 'tally:7', increment, { from: second });
    assert.equal(reads, 1);
    assert.equal(third?.count, 2);
    assert.deepEqual(third?.marks, ['there'], 'the other change is kept');
    // Nothing to write on the known version is not believed: the store may say otherwise.
    await there.update(TENANT, 'tally:7', (current) => current && { ...current, marks: [] });
    const fourth = await here.update(
      TENANT,
      'tally:7',
      (current) => (current?.marks.length ? undefined : current && { ...current, marks: ['here'] }),
      { from: third },
    );
    assert.deepEqual(fourth?.marks, ['here']);
    assert.deepEqual((await there.find(TENANT, 'tally:7'))?.marks, ['here']);
  });

  it('tryCreate answers the new version once, and nothing for an id that is taken', async () => {
    const [here, there] = await twoInstances();
    const [a, b] = await Promise.all([
      here.tryCreate(tally('tally:4', 1)),
      there.tryCreate(tally('tally:4', 2)),
    ]);
    assert.equal([a, b].filter(Boolean).length, 1, 'one create wins');
    const winner = a ?? b;
    assert.ok(winner?._etag);
    assert.equal((await here.find(TENANT, 'tally:4'))?.count, winner?.count);
  });

  it('createEachIfAbsent writes many in bulk and leaves ids that exist as they are', async () => {
    const [here] = await twoInstances();
    await here.createIfAbsent(tally('tally:b3', 99));
    const batch = Array.from({ length: 150 }, (_, i) => tally(`tally:b${i}`, i));
    const created = await here.createEachIfAbsent(batch);
    assert.equal(created.filter(Boolean).length, 149);
    assert.equal(created[3], false, 'the one that existed');
    assert.equal((await here.find(TENANT, 'tally:b3'))?.count, 99, 'untouched');
    assert.equal((await here.list(TENANT)).length, 150);
    assert.deepEqual(await here.createEachIfAbsent([tally('tally:b149')]), [false], 'one alone, too');
  });

  it('replaceEach gives each document to one of two instances that change the same ones at once', async () => {
    const [here, there] = await twoInstances();
    await here.createEachIfAbsent(Array.from({ length: 30 }, (_, i) => tally(`tally:r${i}`)));
    const read = await here.list(TENANT);
    const claim = (who: CosmosDocuments<Tally>, mark: string) =>
      who.replaceEach(
        read.map(({ _etag, ...document }) => ({ document: { ...document, marks: [mark] }, etag: _etag })),
      );
    const [mine, theirs] = await Promise.all([claim(here, 'here'), claim(there, 'there')]);
    read.forEach((document, i) => {
      assert.equal(Number(!!mine[i]) + Number(!!theirs[i]), 1, `${document.id} taken once`);
    });
    const stored = await here.list(TENANT);
    for (const document of stored) {
      const winner =
        mine.find((won) => won?.id === document.id) ?? theirs.find((won) => won?.id === document.id);
      assert.deepEqual(document.marks, winner?.marks);
      assert.equal(document._etag, winner?._etag, 'the answer carries the stored version');
    }
  });

  it('removeIfUnchanged removes only the version it read; one already gone counts as removed', async () => {
    const [here, there] = await twoInstances();
    const first = await here.tryCreate(tally('tally:5'));
    assert.ok(first);
    const changed = await there.tryReplace({ ...tally('tally:5'), count: 1 }, first._etag);
    assert.ok(changed);
    assert.equal(await here.removeIfUnchanged(TENANT, 'tally:5', first._etag), false);
    assert.equal((await here.find(TENANT, 'tally:5'))?.count, 1, 'still there');
    assert.equal(await there.removeIfUnchanged(TENANT, 'tally:5', changed._etag), true);
    assert.equal(await here.find(TENANT, 'tally:5'), undefined);
    assert.equal(await here.removeIfUnchanged(TENANT, 'tally:5', changed._etag), true, 'gone already');
  });

  it('upsert writes whatever is stored and answers the new version', async () => {
    const [here] = await twoInstances();
    await here.createIfAbsent(tally('tally:6', 1));
    const written = await here.upsert(tally('tally:6', 2));
    assert.equal(written.count, 2);
    assert.equal((await here.find(TENANT, 'tally:6'))?._etag, written._etag);
  });
});
