import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const BOT = join(__dirname, '..', 'bot');
const OUTBOX = join(BOT, 'outbox');

/** Every bot module (path under bot/, without .ts) that a file imports. */
function botImportsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/from '(\.[^']+)'/g)]
    .map((match) => relative(BOT, normalize(join(dirname(file), match[1] as string))))
    .filter((target) => !target.startsWith('..'));
}

/**
 * The outbox stores, paces and delivers messages; what they say is the domain's. The dependency
 * points one way (the domain writes to the outbox), so the outbox may not import the domain, nor
 * the store or the Teams edge that implement its ports.
 */
describe('the outbox depends on nothing above it', () => {
  it('imports nothing from bot/domain, bot/storage or bot/teams', () => {
    const files = readdirSync(OUTBOX).filter((name) => name.endsWith('.ts'));
    assert.ok(files.length >= 5, 'the outbox modules are where this test looks');
    const upward = files.flatMap((name) =>
      botImportsOf(join(OUTBOX, name))
        .filter((target) => /^(domain|storage|teams)\//.test(target))
        .map((target) => `bot/outbox/${name} imports bot/${target}`),
    );
    assert.deepEqual(upward, []);
  });
});
