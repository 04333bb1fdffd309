import assert from 'node:assert/strict';
import { seedRole } from '../helpers/figure-fixtures';
import { LocalEntra } from '../helpers/local-entra';
import { OTHER_TENANT, person, TENANT, TestBot } from '../helpers/test-bot';
import { COORDINATOR, MEMBER, STAFF } from './dashboard-seed';

const ADMIN = person('Ada Beheer');

describe('the playbook API (/api/tab/playbook)', () => {
  let entra: LocalEntra;
  let bot: TestBot;

  before(async () => {
    entra = await LocalEntra.start();
  });
  after(async () => {
    await entra.stop();
  });
  beforeEach(async () => {
    bot = await TestBot.start({
      coordinators: [COORDINATOR.aadObjectId],
      env: {
        ...entra.env(),
        ALLOWED_TENANT_IDS: `${TENANT},${OTHER_TENANT}`,
        ADMIN_AAD_IDS: ADMIN.aadObjectId,
      },
    });
    await seedRole(bot.store, MEMBER.aadObjectId, ['werkgroep']);
  });
  afterEach(async () => {
    await bot.stop();
  });

  type Who = { tenantId: string; aadObjectId: string; name?: string };
  // The API's JSON, inspected as a page would.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  type Json = any;
  const call = async (
    who: Who | undefined,
    method = 'GET',
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${bot.app.url}/api/tab/playbook`, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${await entra.token(who)}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json() };
  };
  const textOf = (body: { playbook: { texts: { field: string; text: string }[] } }, field: string) =>
    body.playbook.texts.find((text) => text.field === field)?.text;

  it('is readable by every staff member, seeded from the programme, and editable by nobody without a role', async () => {
    const { status, body } = await call(STAFF);
    assert.equal(status, 200);
    assert.equal(body.playbook.canEdit, false);
    assert.match(textOf(body, 'whatNotToDo') ?? '', /Doe geen eigen onderzoek/);
    assert.match(textOf(body, 'work.civil-registry') ?? '', /Veel inschrijvingen op één adres/);
    assert.equal(
      body.playbook.texts.length,
      16,
      'intro, who to call, what not to do, 8 categories, 5 lines of work',
    );
    assert.equal((await call(undefined)).status, 401);
  });

  it('lets coordinators and administrators change it; werkgroep members and staff are refused', async () => {
    for (const who of [STAFF, MEMBER]) {
      const refused = await call(who, 'PUT', { version: '', texts: { whoToCall: 'Bel mij' } });
      assert.equal(refused.status, 403);
      assert.match(refused.body.message, /regievoerder/);
    }
    const saved = await call(COORDINATOR, 'PUT', {
      version: '',
      texts: { whoToCall: 'Bel **Coco Regie**, 0523-123456.' },
    });
    assert.equal(saved.status, 200);
    assert.equal(textOf(saved.body, 'whoToCall'), 'Bel **Coco Regie**, 0523-123456.');
    const byStaff = (await call(STAFF)).body;
    assert.equal(textOf(byStaff, 'whoToCall'), 'Bel **Coco Regie**, 0523-123456.');
    assert.equal(
      byStaff.playbook.texts.find((text: { field: string }) => text.field === 'whoToCall').custom,
      true,
    );
    const byAdmin = await call(ADMIN, 'PUT', {
      version: saved.body.playbook.version,
      texts: { 'work.permits': '- Contant betaalde leges' },
    });
    assert.equal(byAdmin.status, 200);
    assert.equal(textOf(byAdmin.body, 'whoToCall'), 'Bel **Coco Regie**, 0523-123456.', 'other fields stay');
    const audit = await bot.storedDocuments('audit', 'audit');
    assert.deepEqual(
      audit
        .filter((event) => event.action === 'playbook.changed')
        .map((event) => event.actor)
        .sort(),
      [ADMIN.aadObjectId, COORDINATOR.aadObjectId].sort(),
    );
  });

  it("keeps each tenant's playbook to itself", async () => {
    await call(COORDINATOR, 'PUT', { version: '', texts: { intro: 'Alleen voor Ommen.' } });
    const elsewhere = person('Coco Regie', OTHER_TENANT);
    const { status, body } = await call(elsewhere);
    assert.equal(status, 200);
    assert.doesNotMatch(textOf(body, 'intro') ?? '', /Ommen/);
  });

  it('reports a change made meanwhile instead of overwriting it', async () => {
    const first = await call(COORDINATOR);
    const mine = await call(COORDINATOR, 'PUT', {
      version: first.body.playbook.version,
      texts: { intro: 'Eerste' },
    });
    assert.equal(mine.status, 200);
    const stale = await call(ADMIN, 'PUT', {
      version: first.body.playbook.version,
      texts: { intro: 'Tweede' },
    });
    assert.equal(stale.status, 409);
    assert.match(stale.body.message, /intussen gewijzigd/);
    assert.equal(textOf((await call(STAFF)).body, 'intro'), 'Eerste');
  });

  it('refuses a text that is too long or a field it does not know, with a message per field', async () => {
    const tooLong = await call(COORDINATOR, 'PUT', { version: '', texts: { intro: 'x'.repeat(3001) } });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body.fieldErrors.intro, /maximaal 3000 tekens/);
    const unknown = await call(COORDINATOR, 'PUT', { version: '', texts: { '<script>': 'x' } });
    assert.equal(unknown.status, 400);
    assert.equal((await bot.storedDocuments('playbook')).length, 0, 'nothing half-written');
  });

  it('goes back to the programme text when a field is emptied', async () => {
    const saved = await call(COORDINATOR, 'PUT', { version: '', texts: { intro: 'Eigen tekst' } });
    const reset = await call(COORDINATOR, 'PUT', {
      version: saved.body.playbook.version,
      texts: { intro: '  ' },
    });
    assert.match(textOf(reset.body, 'intro') ?? '', /^Ondermijning is criminaliteit/);
  });
});
