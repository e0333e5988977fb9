// A FaceEngine for unit tests of the workflows, built on the real interface. Its "images" are
// small JSON documents naming an identity; the same identity gives nearby templates, others far
// ones. Calibration is an explicit table so thresholds behave like a real model's.
import { createHash } from 'node:crypto';
import type { FaceQuality } from '../domain/face.ts';
import type { FaceModelInfo } from '../services/ports/face-models.ts';
import type { AnalysedFace, FaceEngine } from '../services/ports/face-engine.ts';

export const fakeModelId = 'test/fake-face@1';
const DIM = 32;

export interface FakeImage {
  /** Identity of the face; null for an image without a face. */
  face: string | null;
  /** Which photo of that identity: a small deterministic variation. */
  variant?: number;
  /** Unified quality; below 30 is rejected, below 50 warns. */
  quality?: number;
  /** Extra faces in the image. */
  others?: string[];
}

export function fakeImage(img: FakeImage): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(img));
}

function unit(seed: string): Float32Array {
  const v = new Float32Array(DIM);
  let h = createHash('sha256').update(seed).digest();
  for (let i = 0; i < DIM; i++) {
    if (i % 32 === 0 && i > 0) h = createHash('sha256').update(h).digest();
    v[i] = (h[i % 32]! - 127.5) / 127.5;
  }
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function template(identity: string, variant: number): Float32Array {
  const base = unit(`id:${identity}`);
  const noise = unit(`noise:${identity}:${variant}`);
  const v = base.map((x, i) => x + 0.35 * noise[i]!);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

// score → FMR, decreasing; scores in between are interpolated on a log scale.
const table: [number, number][] = [[0, 0.5], [0.3, 1e-2], [0.5, 1e-3], [0.6, 1e-4], [0.7, 1e-5], [0.8, 1e-6], [1, 1e-7]];

// Where the seven alignment landmarks sit in a frontal face, as fractions of its box.
const layout: [string, number, number][] = [
  ['rightEyeOuter', 0.25, 0.38], ['rightEyeInner', 0.42, 0.38], ['leftEyeInner', 0.58, 0.38], ['leftEyeOuter', 0.75, 0.38],
  ['noseBase', 0.5, 0.62], ['mouthRight', 0.36, 0.78], ['mouthLeft', 0.64, 0.78],
];

/** Plausible landmarks of a frontal face filling `box`, in image pixels. */
export function landmarksIn(box: [number, number, number, number]): { name: string; x: number; y: number }[] {
  return layout.map(([name, fx, fy]) => ({ name, x: box[0] + fx * box[2], y: box[1] + fy * box[3] }));
}

export class FakeFaceEngine implements FaceEngine {
  calls = 0;

  async analyse(image: Uint8Array, options: { modelId: string; allFaces?: boolean }): Promise<AnalysedFace[]> {
    this.calls++;
    if (options.modelId !== fakeModelId) throw new Error(`unknown model ${options.modelId}`);
    const img = JSON.parse(new TextDecoder().decode(image)) as FakeImage;
    if (!img.face) return [];
    const q = img.quality ?? 90;
    const quality: FaceQuality = {
      score: q, verdict: q < 30 ? 'reject' : q < 50 ? 'warn' : 'accept',
      reasons: q < 30 ? ['face too blurred'] : q < 50 ? ['face somewhat blurred'] : [], measures: { sharpness: q },
    };
    const faces: AnalysedFace[] = [{ box: [10, 10, 100, 100], detectionScore: 0.99, landmarks: landmarksIn([10, 10, 100, 100]), quality, embedding: template(img.face, img.variant ?? 0), modelId: fakeModelId }];
    for (const o of img.others ?? []) faces.push({ box: [0, 0, 20, 20], detectionScore: 0.9, landmarks: landmarksIn([0, 0, 20, 20]), quality, embedding: template(o, 0), modelId: fakeModelId });
    return options.allFaces ? faces : faces.slice(0, img.others?.length ? faces.length : 1);
  }

  compare(_modelId: string, a: Float32Array, b: Float32Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
    return s;
  }

  /** Copies of one fake image give the same template (1); another photo of the identity about 0.9. */
  sameImageScore(_modelId: string): number {
    return 0.99;
  }

  fmrAtScore(_modelId: string, score: number): number {
    if (score <= table[0]![0]) return table[0]![1];
    for (let i = 1; i < table.length; i++) {
      const [s1, f1] = table[i]!;
      const [s0, f0] = table[i - 1]!;
      if (score <= s1) return Math.exp(Math.log(f0) + ((score - s0) / (s1 - s0)) * (Math.log(f1) - Math.log(f0)));
    }
    return table[table.length - 1]![1];
  }

  scoreAtFmr(_modelId: string, fmr: number): number {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (this.fmrAtScore('', mid) > fmr) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  models(): string[] {
    return [fakeModelId];
  }

  dimension(_modelId: string): number {
    return DIM;
  }

  describe(_modelId: string): FaceModelInfo {
    return { alias: 'fake', source: 'built-in', licence: { name: 'synthetic templates for tests' }, calibration: { model: fakeModelId, dataset: 'synthetic table', genuineComparisons: 0, impostorComparisons: 0, calibratedAt: null } };
  }
}
