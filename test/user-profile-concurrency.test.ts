import assert from 'node:assert/strict';
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
});
