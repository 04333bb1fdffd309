import assert from 'node:assert/strict';
import { bulletsOf, parseSafeText } from '../../bot/domain/playbook/safe-text';

describe('the playbook formatting subset', () => {
  it('knows paragraphs, bullet lists and bold, and nothing else', () => {
    assert.deepEqual(parseSafeText('Eerste **vet** regel\nloopt door\n\n- een\n* twee **b**\n\nSlot'), [
      {
        kind: 'paragraph',
        runs: [
          { text: 'Eerste ', bold: false },
          { text: 'vet', bold: true },
          { text: ' regel loopt door', bold: false },
        ],
      },
      {
        kind: 'list',
        items: [
          [{ text: 'een', bold: false }],
          [
            { text: 'twee ', bold: false },
            { text: 'b', bold: true },
          ],
        ],
      },
      { kind: 'paragraph', runs: [{ text: 'Slot', bold: false }] },
    ]);
  });

  it('keeps HTML, images and links as the literal text that was typed', () => {
    const hostile =
      '<script>alert(1)</script> <img src=x onerror="alert(2)"> [klik](javascript:alert(3)) <a href="javascript:x">a</a>';
    assert.deepEqual(parseSafeText(hostile), [{ kind: 'paragraph', runs: [{ text: hostile, bold: false }] }]);
  });

  it('leaves an unmatched ** as typed', () => {
    assert.deepEqual(parseSafeText('a ** b'), [
      { kind: 'paragraph', runs: [{ text: 'a ** b', bold: false }] },
    ]);
  });

  it('lists the bullets of a text as plain examples', () => {
    assert.deepEqual(bulletsOf('Inleiding\n\n- Een **schuur** met stroom\n- Twee'), [
      'Een schuur met stroom',
      'Twee',
    ]);
  });
});
