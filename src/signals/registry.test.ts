// One contract suite run over every registered signal type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signalTypes, signalType, signalTypesFor } from './registry.ts';
import { AbgError } from '../domain/errors.ts';

test('signal names are unique lowercase literals and resolve through the registry', () => {
  const names = signalTypes.map((s) => s.name);
  assert.deepEqual(names, ['sha256', 'md5', 'sha1', 'pdq', 'vpdq', 'audio']);
  for (const n of names) assert.equal(signalType(n)?.name, n);
  assert.deepEqual(signalTypesFor('photo').map((s) => s.name), ['sha256', 'md5', 'sha1', 'pdq']);
  assert.deepEqual(signalTypesFor('video').map((s) => s.name), ['sha256', 'md5', 'sha1', 'vpdq', 'audio']);
  assert.deepEqual(signalTypesFor('file').map((s) => s.name), ['sha256', 'md5', 'sha1', 'audio']);
});

for (const s of signalTypes) {
  test(`${s.name}: examples validate, match themselves and their near copy, not the other value`, () => {
    assert.ok(s.examples.length > 0);
    for (const ex of s.examples) {
      const v = s.validate(ex.value);
      assert.deepEqual(s.validate(v), v, 'validate is idempotent');
      const same = s.validate(ex.same);
      const other = s.validate(ex.other);
      assert.equal(s.compare(v, v).match, true);
      assert.equal(s.compare(v, same).match, true);
      assert.equal(s.compare(v, other).match, false);
      assert.ok(s.compare(v, other).distance > s.compare(v, same).distance);
      if (s.usable) assert.ok(s.usable(v) && s.usable(same) && s.usable(other), 'examples carry enough structure to be matched');
    }
  });

  test(`${s.name}: garbage is rejected with ABG_ERR_MALFORMED_HASH`, () => {
    for (const bad of [null, 42, 'xyz', { hash: 'abc', quality: 1 }, { frames: 'no' }]) {
      assert.throws(() => s.validate(bad), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_MALFORMED_HASH', JSON.stringify(bad));
    }
  });
}

test('digest signals compute the standard test vectors over the file bytes', async () => {
  const abc = new TextEncoder().encode('abc');
  const got = await Promise.all(['sha256', 'md5', 'sha1'].map((n) => signalType(n)!.compute({ bytes: abc, contentType: 'file' })));
  assert.deepEqual(got, [
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    '900150983cd24fb0d6963f7d28e17f72',
    'a9993e364706816aba3e25717850c26c9cd0d89d',
  ]);
});
