import assert from 'node:assert/strict';
import type { Role } from '../bot/domain/roles/role';
import { openCosmosStore } from '../bot/storage/cosmos-store';
import { CosmosFaultProxy, firstOnly } from './helpers/cosmos-fault-proxy';
import { sharedCosmosServer } from './helpers/shared-cosmos';
import { cardText, OTHER_TENANT, person, TENANT, TestBot, type TestUser } from './helpers/test-bot';

/**
 * A turn reads the actor's profile and stored roles in one bulk request (bot/storage/read-together.ts).
 * The roles still come from where they are stored, on every turn; these tests hold the rules that
 * must not change with it, also when the store fails that one request.
 */
describe('the turn opener: profile and roles in one request', () => {
  let proxy: CosmosFaultProxy;
  let bot: TestBot;
  let databases = 0;

  beforeEach(async () => {
    proxy = await CosmosFaultProxy.start(await sharedCosmosServer());
    databases += 1;
    const store = await openCosmosStore(
      { endpoint: proxy.endpoint, key: 'test-key', agent: proxy.agent },
      `person-reads-${databases}`,
    );
    bot = await TestBot.start({ store, coordinators: [person('Carla').aadObjectId] });
  });

  afterEach(async () => {
    await bot.stop();
    await proxy.close();
  });

  async function helpOf(user: TestUser): Promise<string> {
    return cardText((await user.says('help')).at(-1) as never);
  }

  async function setStoredRole(name: string, role: Role, holds: boolean, tenantId = TENANT): Promise<void> {
    const { aadObjectId } = person(name, tenantId);
    await bot.app.services.roleRepository.changeRoles(
      tenantId,
      aadObjectId,
      (current) => (holds ? [...new Set([...current, role])] : current.filter((held) => held !== role)),
      bot.clock.now(),
    );
  }

  /**
   * The bulk request of the person's reads and the turn's dedupe claim (POST to tenantData's
   * documents, batch header): the proxy sees its path only, so the fault is set after the previous
   * turn's finish mark (a POST there too) and picks the first such request only.
   */
  const isPersonRead = (method: string, path: string) =>
    method === 'POST' && /\/colls\/tenantData\/docs$/.test(path);

  it("counts a stored role from the person's next turn, and its revocation too", async () => {
    const alex = bot.user('Alex');
    const plain = await helpOf(alex);
    await setStoredRole('Alex', 'werkgroep', true);
    const withRole = await helpOf(alex);
    assert.notEqual(withRole, plain, 'the granted role shows at the very next turn');
    await setStoredRole('Alex', 'werkgroep', false);
    assert.equal(await helpOf(alex), plain, 'the revoked role is gone at the very next turn');
  });

  it('keeps the seeded coordinator a coordinator with stored roles, and a stored partner role outweighs the seed', async () => {
    const carla = bot.user('Carla');
    const openOf = async (user: TestUser) => cardText((await user.says('open')).at(-1) as never);
    const refused = await openOf(bot.user('Alex'));
    const seeded = await helpOf(carla);
    await setStoredRole('Carla', 'werkgroep', true);
    assert.equal(await helpOf(carla), seeded);
    assert.notEqual(await openOf(carla), refused, 'the seeded coordinator sees the open signals');
    await setStoredRole('Carla', 'werkgroep', false);
    await setStoredRole('Carla', 'partner', true);
    assert.match(await openOf(carla), /Als partner/, 'a partner, whatever the seed says');
  });

  it("reads another tenant's person from that tenant only", async () => {
    const alex = bot.user('Alex');
    const plain = await helpOf(alex);
    // The same person id with a role in another tenant: nothing of it reaches this tenant's turn.
    await setStoredRole('Alex', 'werkgroep', true, OTHER_TENANT);
    assert.equal(await helpOf(alex), plain);
  });

  for (const fault of ['unavailable-before', 'throttle-before', 'reset-after'] as const) {
    it(`reads profile and roles one by one when the store fails the one request (${fault})`, async () => {
      const alex = bot.user('Alex');
      await helpOf(alex);
      await setStoredRole('Alex', 'werkgroep', true);
      const withRole = await helpOf(alex);
      await bot.app.services.processedActivities.settled();
      proxy.failWhere(firstOnly(isPersonRead), fault);
      try {
        assert.equal(await helpOf(alex), withRole, 'answered, with the stored role');
        assert.ok(proxy.injected[fault] > 0, 'the fault was injected');
      } finally {
        proxy.heal();
      }
      const stored = await bot.storedDocuments('user');
      assert.equal(stored.length, 1, 'one profile, not a second one for a person taken for new');
    });
  }
});
