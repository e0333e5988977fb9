// The English and German catalogues say the same things: the same keys, the same placeholders, no
// empty text, and no English left standing in the German one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from './en.ts';
import { de } from './de.ts';

const catalogues: Record<string, Record<string, string>> = { en, de };
/** Words German shares with English; any other German text equal to the English one is untranslated. */
const sameInBoth = new Set(['Name', 'Server', 'Status', 'Format', 'Export', 'Score', 'Hashes']);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every key of one catalogue is in the other', () => {
  for (const [name, dict] of Object.entries(catalogues)) {
    for (const [otherName, other] of Object.entries(catalogues)) {
      const missing = Object.keys(dict).filter((k) => !(k in other));
      assert.deepEqual(missing, [], `keys of ${name}.ts missing in ${otherName}.ts`);
    }
  }
});

test('a text and its translation use the same placeholders, and none is empty', () => {
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    assert.deepEqual(placeholders(de[key]), placeholders(en[key]), `placeholders of ${key}`);
    for (const [name, dict] of Object.entries(catalogues)) assert.ok(dict[key]?.trim(), `${key} is empty in ${name}.ts`);
  }
});

test('no German text is the English one left untranslated', () => {
  const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter((k) => de[k] === en[k] && !sameInBoth.has(en[k]));
  assert.deepEqual(untranslated, []);
});
