import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A conflict marker that slips through a merge is not always a syntax error: in a Markdown table
 * the formatter turns it into a row, and the README then shows the reader half of two versions.
 */
describe('the repository', () => {
  it('has no merge-conflict markers in any tracked text file', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
      .split('\0')
      .filter((file) => /\.(ts|mjs|js|json|md|bicep|html|css|yml|yaml|txt)$/.test(file));
    const marked = files.filter((file) =>
      /^(\| )?(<{7}|>{7}|(> ){7})( |$)|^={7}$/m.test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(marked, []);
  });
});
