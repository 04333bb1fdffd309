import assert from 'node:assert/strict';
import { CATEGORY_IDS } from '../bot/domain/signals/categories';
import en from '../bot/i18n/en.json';
import nl from '../bot/i18n/nl.json';
import { t } from '../bot/i18n/translate';

function keys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

describe('strings', () => {
  it('has every key in both Dutch and English', () => {
    assert.deepEqual(keys(en).sort(), keys(nl).sort());
  });

  it('has no empty text', () => {
    for (const key of keys(nl)) assert.notEqual(t('nl', key).trim(), '', `nl ${key}`);
    for (const key of keys(en)) assert.notEqual(t('en', key).trim(), '', `en ${key}`);
  });

  it('has a label for every category in both languages', () => {
    for (const id of CATEGORY_IDS) {
      assert.notEqual(t('nl', `category.${id}`), `category.${id}`);
      assert.notEqual(t('en', `category.${id}`), `category.${id}`);
    }
  });

  it('shows the key itself for a missing string, so the gap is visible', () => {
    assert.equal(t('nl', 'no.such.key'), 'no.such.key');
  });
});
