import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalLandmarks, similarityTransform, applyAffine } from './align.ts';
import { interEyeDistance, poseFromLandmarks } from './pose.ts';
import { landmarkNames, type FaceLandmarks, type Point } from './types.ts';

const toLandmarks = (pts: Point[]) => Object.fromEntries(landmarkNames.map((n, i) => [n, pts[i]!])) as unknown as FaceLandmarks;
const frontal = canonicalLandmarks({ size: 200, padding: 0.25 });

test('the mean face is frontal: yaw, pitch and roll near zero', () => {
  const p = poseFromLandmarks(toLandmarks(frontal));
  assert.ok(Math.abs(p.yaw) < 3 && Math.abs(p.pitch) < 3 && Math.abs(p.roll) < 1, JSON.stringify(p));
});

test('roll follows an in-plane rotation, and inter-eye distance its scale', () => {
  const m = similarityTransform(frontal, frontal.map((q) => ({ x: 2 * (Math.cos(0.5) * q.x - Math.sin(0.5) * q.y), y: 2 * (Math.sin(0.5) * q.x + Math.cos(0.5) * q.y) })));
  const turned = toLandmarks(frontal.map((q) => applyAffine(m, q)));
  assert.ok(Math.abs(poseFromLandmarks(turned).roll - (0.5 * 180) / Math.PI) < 0.2);
  assert.ok(Math.abs(interEyeDistance(turned) - 2 * interEyeDistance(toLandmarks(frontal))) < 1e-6);
});

test('a nose shifted sideways reads as yaw with its sign, and a lowered nose as pitch', () => {
  const eye = interEyeDistance(toLandmarks(frontal));
  const shifted = frontal.map((q, i) => (landmarkNames[i] === 'noseBase' ? { x: q.x + 0.25 * eye, y: q.y } : q));
  const left = frontal.map((q, i) => (landmarkNames[i] === 'noseBase' ? { x: q.x - 0.25 * eye, y: q.y } : q));
  assert.ok(poseFromLandmarks(toLandmarks(shifted)).yaw > 20);
  assert.ok(poseFromLandmarks(toLandmarks(left)).yaw < -20);
  const lowered = frontal.map((q, i) => (landmarkNames[i] === 'noseBase' ? { x: q.x, y: q.y + 0.15 * eye } : q));
  assert.ok(poseFromLandmarks(toLandmarks(lowered)).pitch > 5);
});
