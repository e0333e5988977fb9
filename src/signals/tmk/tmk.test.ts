import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parseTmk } from './tmk-file.ts';
import { tmkLevel1, tmkLevel2 } from './tmk-score.ts';
import { AbgError } from '../../domain/errors.ts';

const dir = new URL('../../../../shared/data/tmk/', import.meta.url);
const absent = !existsSync(new URL('expected-pair-scores.txt', dir));
const skip = absent ? 'shared data not found: ../shared/data/tmk' : false;

test('reproduces every level-1 and level-2 score of the reference scorer', { skip }, () => {
  const lines = readFileSync(new URL('expected-pair-scores.txt', dir), 'utf8').trim().split('\n');
  const cache = new Map<string, ReturnType<typeof parseTmk>>();
  const load = (name: string) => cache.get(name) ?? cache.set(name, parseTmk(readFileSync(new URL(`hashes/${name}`, dir)))).get(name)!;
  assert.ok(lines.length >= 30);
  for (const line of lines) {
    const [l1, l2, fa, fb] = line.trim().split(/\s+/) as [string, string, string, string];
    const a = load(fa);
    const b = load(fb);
    assert.ok(Math.abs(tmkLevel1(a, b) - Number(l1)) < 5e-6, `level 1 ${fa} ${fb}: ${tmkLevel1(a, b)} vs ${l1}`);
    assert.ok(Math.abs(tmkLevel2(a, b) - Number(l2)) < 5e-5, `level 2 ${fa} ${fb}: ${tmkLevel2(a, b)} vs ${l2}`);
  }
});

test('rejects bad magic, a short file and a truncated body with a coded error', { skip }, () => {
  const good = readFileSync(new URL('hashes/chair-19-sd-bar.tmk', dir));
  const isMalformed = (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_MALFORMED_TMK';
  const badMagic = Uint8Array.from(good);
  badMagic[0] = 0x58;
  assert.throws(() => parseTmk(badMagic), isMalformed);
  assert.throws(() => parseTmk(good.subarray(0, 20)), isMalformed);
  assert.throws(() => parseTmk(good.subarray(0, good.length - 4)), isMalformed);
  const hugeDims = Uint8Array.from(good.subarray(0, 64));
  new DataView(hugeDims.buffer).setInt32(24, 1 << 30, true);
  assert.throws(() => parseTmk(hugeDims), isMalformed);
});
