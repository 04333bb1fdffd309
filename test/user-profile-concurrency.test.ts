import assert from 'node:assert/strict';
import type { Container } from '@azure/cosmos';
import { CosmosUserProfileRepository } from '../bot/storage/cosmos-user-profile-repository';
import { freshStore } from './helpers/shared-cosmos';

const TENANT = 'tenant-gemeente-a';
const NOW = new Date('2027-03-01T09:00:00Z');

/** Two bot instances' profile repositories on one store. */
async function twoInstances() {
  const container = (await freshStore()).container('tenantData');
  return [new CosmosUserProfileRepository(container), new CosmosUserProfileRepository(container)] as const;
}

describe('user profiles written by several turns at once', () => {
  it('keeps every change when turns on two instances change one person at the same moment', async () => {
    const [here, there] = await twoInstances();
    const reference = { conversation: { id: 'a:1-on-1' }, serviceUrl: 'https://smba.example/' };
    // The first contact, a language choice, a line of work, the case of the month turned off and
    // the welcome, all at once, as Teams may deliver them, half on each instance.
    const [remembered] = await Promise.all([
      here.rememberPersonalConversation(TENANT, 'ann', 'Ann de Vries', reference, NOW),
      there.setLanguage(TENANT, 'ann', 'en', NOW),
      here.setPreferences(TENANT, 'ann', { lineOfWork: 'permits' }, NOW),
      there.setPreferences(TENANT, 'ann', { monthlyCaseOptOut: true }, NOW),
      here.markWelcomedOnce(TENANT, 'ann', NOW),
    ]);
    assert.equal(remembered.becameReachable, true);
    const stored = await there.find(TENANT, 'ann');
    assert.deepEqual(stored?.personalConversation, reference, 'the 1:1 chat is remembered');
    assert.equal(stored?.name, 'Ann de Vries');
    assert.equal(stored?.language, 'en', 'the language choice is kept');
    assert.equal(stored?.lineOfWork, 'permits', 'the line of work is kept');
    assert.equal(stored?.monthlyCaseOptOut, true, 'the opt-out is kept');
    assert.equal(stored?.welcomedAt, NOW.toISOString());
  });

  it('welcomes once when ten events for one new person arrive on two instances together', async () => {
    const [here, there] = await twoInstances();
    const firsts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? here : there).markWelcomedOnce(TENANT, 'bo', NOW)),
    );
    assert.equal(firsts.filter(Boolean).length, 1, 'exactly one welcome');
  });

  it('answers a turn with the profile as stored, without writing when nothing changed', async () => {
    const [here] = await twoInstances();
    const reference = { conversation: { id: 'a:1-on-1' } };
    const first = await here.rememberPersonalConversation(TENANT, 'cas', 'Cas', reference, NOW);
    await here.setLanguage(TENANT, 'cas', 'en', NOW);
    const later = new Date(NOW.getTime() + 60_000);
    const again = await here.rememberPersonalConversation(TENANT, 'cas', 'Cas', reference, later);
    assert.equal(first.becameReachable, true);
    assert.equal(again.becameReachable, false);
    assert.equal(again.profile.language, 'en', 'the turn sees the language stored meanwhile');
    assert.equal((await here.find(TENANT, 'cas'))?.updatedAt, NOW.toISOString(), 'not rewritten');
    assert.equal('_etag' in again.profile, false, 'a domain record, not a stored document');
  });

  it('keeps a change made on another instance since this one last read the profile', async () => {
    const [here, there] = await twoInstances();
    const reference = { conversation: { id: 'a:1-on-1' } };
    await here.rememberPersonalConversation(TENANT, 'dirk', 'Dirk', reference, NOW);
    await there.setLanguage(TENANT, 'dirk', 'en', NOW);
    await here.setPreferences(TENANT, 'dirk', { lineOfWork: 'enforcement' }, NOW);
    await there.rememberName(TENANT, 'dirk', 'Dirk Jansen', NOW);
    // This instance last saw "Dirk": its turn says "Dirk" again, which is a change in the store.
    await here.rememberName(TENANT, 'dirk', 'Dirk', NOW);
    assert.equal(await there.markWelcomedOnce(TENANT, 'dirk', NOW), true);
    assert.equal(await here.markWelcomedOnce(TENANT, 'dirk', NOW), false, 'welcomed on the other instance');
    const stored = await there.find(TENANT, 'dirk');
    assert.equal(stored?.language, 'en');
    assert.equal(stored?.lineOfWork, 'enforcement');
    assert.equal(stored?.name, 'Dirk', 'the latest turn names the person');
  });

  it('writes the welcome mark and a language choice right after a turn read the profile, without reading it again', async () => {
    const container = (await freshStore()).container('tenantData');
    const requests: string[] = [];
    const users = new CosmosUserProfileRepository(countingRequests(container, requests));
    const reference = { conversation: { id: 'a:1-on-1' } };
    await users.rememberPersonalConversation(TENANT, 'eva', 'Eva', reference, NOW);
    assert.deepEqual(requests.splice(0), ['read', 'create'], 'a new person: read, then create');
    assert.equal(await users.markWelcomedOnce(TENANT, 'eva', NOW), true);
    assert.deepEqual(requests.splice(0), ['replace'], 'the welcome mark: one round trip');
    await users.rememberPersonalConversation(TENANT, 'eva', 'Eva', reference, NOW);
    assert.deepEqual(requests.splice(0), ['read'], 'a turn with nothing to change: one read');
    await users.setLanguage(TENANT, 'eva', 'en', NOW);
    assert.deepEqual(requests.splice(0), ['replace'], 'taal en: one round trip');
    assert.equal((await users.find(TENANT, 'eva'))?.language, 'en');
  });
});

/** The container, noting each point read and write the repository asks of it. */
function countingRequests(container: Container, requests: string[]): Container {
  const note =
    <A extends unknown[], R>(name: string, call: (...args: A) => R) =>
    (...args: A): R => {
      requests.push(name);
      return call(...args);
    };
  return new Proxy(container, {
    get(target, property) {
      if (property === 'item')
        return (id: string, partitionKey: string) => {
          const item = target.item(id, partitionKey);
          return new Proxy(item, {
            get(itemTarget, name) {
              const value = Reflect.get(itemTarget, name);
              if (typeof value !== 'function') return value;
              const bound = value.bind(itemTarget);
              return name === 'read' || name === 'replace' ? note(name, bound) : bound;
            },
          });
        };
      if (property === 'items')
        return new Proxy(target.items, {
          get(items, name) {
            const value = Reflect.get(items, name);
            if (typeof value !== 'function') return value;
            const bound = value.bind(items);
            return name === 'create' || name === 'query' ? note(String(name), bound) : bound;
          },
        });
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
