import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessQuality, chipStatistics, defaultQualityThresholds, unifiedQuality, type QualityMeasures } from './quality.ts';
import type { AlignedFace } from './types.ts';

function chip(fn: (x: number, y: number) => number, size = 150): AlignedFace {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const v = Math.max(0, Math.min(255, Math.round(fn(x, y))));
    data.set([v, v, v], (y * size + x) * 3);
  }
  return { data, size };
}

const good: QualityMeasures = {
  detectionScore: 0.95, interEyePx: 60, faceSizePx: 140, sharpness: 60, brightness: 120, clipped: 0, exposure: 100, yaw: 2, pitch: 3, roll: 1,
};

test('sharpness falls when the chip is blurred', () => {
  const texture = (x: number, y: number) => 128 + 60 * Math.sin(x * 1.3) * Math.cos(y * 0.9);
  const blurred = (x: number, y: number) => 128 + 60 * Math.sin(x * 0.13) * Math.cos(y * 0.09);
  assert.ok(chipStatistics(chip(texture)).sharpness > 5 * chipStatistics(chip(blurred)).sharpness);
});

test('brightness and clipping reflect a dark, clipped chip', () => {
  const s = chipStatistics(chip(() => 2));
  assert.ok(s.brightness < 5);
  assert.equal(s.clipped, 1);
});

test('a good face is accepted with a high unified score', () => {
  const r = assessQuality(good);
  assert.equal(r.decision, 'accept');
  assert.deepEqual(r.reasons, []);
  assert.ok(r.unified > 80, String(r.unified));
});

test('a profile face is rejected and the reason names the yaw', () => {
  const r = assessQuality({ ...good, yaw: 75 });
  assert.equal(r.decision, 'reject');
  assert.ok(r.reasons.some((x) => x.includes('yaw')), r.reasons.join('; '));
  assert.ok(r.unified < unifiedQuality(good));
});

test('a small face warns before it rejects, and thresholds are configurable', () => {
  assert.equal(assessQuality({ ...good, interEyePx: 30 }).decision, 'warn');
  assert.equal(assessQuality({ ...good, interEyePx: 10 }).decision, 'reject');
  const strict = { ...defaultQualityThresholds, min: { ...defaultQualityThresholds.min, interEyePx: { warn: 90, reject: 70 } } };
  assert.equal(assessQuality(good, strict).decision, 'reject');
});

test('the unified score falls monotonically as any one component worsens', () => {
  let last = Infinity;
  for (const yaw of [0, 15, 30, 45, 60]) {
    const u = unifiedQuality({ ...good, yaw });
    assert.ok(u <= last);
    last = u;
  }
  assert.ok(unifiedQuality({ ...good, sharpness: 5 }) < unifiedQuality(good));
  assert.ok(unifiedQuality({ ...good, detectionScore: 0.3 }) < unifiedQuality(good));
});
