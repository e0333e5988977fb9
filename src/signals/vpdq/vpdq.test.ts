import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { vpdqFromFile, vpdqSignal } from './index.ts';
import { matchVpdq, type VpdqFrame } from './vpdq-match.ts';
import { hammingHex } from '../pdq/pdq-hash.ts';

const data = new URL('../../../../shared/data/', import.meta.url);
const absent = !existsSync(new URL('vpdq/doorknob-hd-no-bar.txt', data)) || !existsSync(new URL('tmk/videos/doorknob-hd-no-bar.mp4', data));
const noFfmpeg = spawnSync('ffmpeg', ['-version']).error !== undefined;
const skip = absent ? 'shared data not found: ../shared/data/vpdq or ../shared/data/tmk/videos' : noFfmpeg ? 'ffmpeg is not installed' : false;

function reference(name: string): VpdqFrame[] {
  return readFileSync(new URL(`vpdq/${name}.txt`, data), 'utf8').trim().split(/\r?\n/).map((l) => {
    const [, q, hash, t] = l.split(',');
    return { hash: hash!, quality: Number(q), timestampSeconds: Number(t) };
  });
}
const video = (name: string) => new URL(`tmk/videos/${name}.mp4`, data).pathname;

async function compare(name: string, ref: string, size?: { width: number; height: number }) {
  const ours = await vpdqFromFile(video(name), size ? { size } : {});
  const expected = reference(ref);
  assert.equal(ours.frames.length, expected.length, `${ref}: frame count`);
  const d = expected.map((e, i) => hammingHex(e.hash, ours.frames[i]!.hash)).sort((a, b) => a - b);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(ours.frames[i]!.timestampSeconds - expected[i]!.timestampSeconds) < 0.002);
  return { ours, expected, median: d[d.length >> 1]!, exact: d.filter((x) => x === 0).length, match: matchVpdq(ours.frames, expected) };
}

test('per-frame hashes agree with the reference vPDQ hashes, and the match rule accepts them', { skip }, async () => {
  const padded = await compare('test-padded-dimensions', 'test-padded-dimensions');
  assert.equal(padded.exact, padded.expected.length, 'every frame bit-exact');
  const native = await compare('doorknob-hd-no-bar', 'doorknob-hd-no-bar');
  assert.ok(native.median <= 12, `native median ${native.median}`);
  assert.ok(native.match.match && native.match.queryMatchPercent === 100, JSON.stringify(native.match));
  const small = await compare('doorknob-hd-no-bar', 'doorknob-hd-no-bar-128x128', { width: 128, height: 128 });
  assert.ok(small.median <= 4, `128x128 median ${small.median}`);
  assert.ok(small.match.match);
  const pattern = await compare('pattern-sd-grey-bar', 'pattern-sd-grey-bar-128x128', { width: 128, height: 128 });
  assert.ok(pattern.median <= 4 && pattern.match.match, `pattern median ${pattern.median}`);
  assert.equal(matchVpdq(native.ours.frames, reference('pattern-hd-no-bar')).match, false, 'a different video does not match');
});

test('the match rule: quality filter, tolerance and both-direction percentages', () => {
  const h = (c: string) => c.repeat(64);
  const f = (hash: string, quality = 100): VpdqFrame => ({ hash, quality, timestampSeconds: 0 });
  const a = [f(h('0')), f(h('f'))];
  assert.deepEqual(matchVpdq(a, a), { queryMatchPercent: 100, targetMatchPercent: 100, match: true });
  // The query is a clip of the target: every query frame is found, half of the target's.
  const clip = matchVpdq([f(h('0'))], a);
  assert.equal(clip.queryMatchPercent, 100);
  assert.equal(clip.targetMatchPercent, 50);
  assert.equal(clip.match, false);
  assert.equal(matchVpdq([f(h('0'))], a, { targetMatchPercent: 0 }).match, true);
  // Low-quality frames are ignored on both sides.
  assert.equal(matchVpdq([f(h('0'), 10)], [f(h('0'), 10)]).queryMatchPercent, 0);
  // Distance 31 is not below the tolerance of 31; 30 is.
  const d31 = '0'.repeat(56) + '7fffffff';
  const d30 = '0'.repeat(56) + '3fffffff';
  assert.equal(matchVpdq([f(d31)], [f(h('0'))]).match, false);
  assert.equal(matchVpdq([f(d30)], [f(h('0'))]).match, true);
  assert.equal(vpdqSignal.compare({ frames: a }, { frames: a }).match, true);
});
