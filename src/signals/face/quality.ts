// Face image quality in the spirit of ISO/IEC 29794-5: measured components (capture and subject
// related), each mapped to 0–1, combined into one unified score 0–100, and a decision
// accept | warn | reject against configurable thresholds, with the reasons that triggered it.
import type { AlignedFace, DetectedFace } from './types.ts';
import { interEyeDistance } from './pose.ts';

export interface QualityMeasures {
  detectionScore: number;
  interEyePx: number;
  /** Side of the face box (geometric mean of width and height), pixels. */
  faceSizePx: number;
  /** Variance of the Laplacian of the grey chip's central region, scaled to 0–100. */
  sharpness: number;
  /** Mean luminance of the chip's central region, 0–255. */
  brightness: number;
  /** Share of the central region at 0–5 or 250–255, 0–1. */
  clipped: number;
  /** Exposure component, 0–100 (mid-tone brightness, little clipping, enough contrast). */
  exposure: number;
  yaw: number;
  pitch: number;
  roll: number;
}

export type QualityDecision = 'accept' | 'warn' | 'reject';

export interface QualityReport extends QualityMeasures {
  /** Unified quality 0–100 (higher is better). */
  unified: number;
  decision: QualityDecision;
  reasons: string[];
}

interface Bound { warn: number; reject: number }

/** Lower bounds (`min`) and upper bounds on absolute values (`max`); warn is the softer one. */
export interface QualityThresholds {
  min: { unified: Bound; detectionScore: Bound; interEyePx: Bound; sharpness: Bound; exposure: Bound };
  max: { yaw: Bound; pitch: Bound; roll: Bound };
}

export const defaultQualityThresholds: QualityThresholds = {
  min: {
    unified: { warn: 50, reject: 20 },
    detectionScore: { warn: 0.6, reject: 0.3 },
    interEyePx: { warn: 40, reject: 16 },
    sharpness: { warn: 15, reject: 3 },
    exposure: { warn: 40, reject: 10 },
  },
  max: {
    yaw: { warn: 30, reject: 60 },
    pitch: { warn: 25, reject: 50 },
    roll: { warn: 30, reject: 60 },
  },
};

/** Linear ramp: 0 at `lo`, 1 at `hi` (either order), clamped. */
function ramp(v: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
}

/** Grey-level statistics of the chip's central 60 % (cheeks, eyes, nose, mouth). */
export function chipStatistics(chip: AlignedFace): { sharpness: number; brightness: number; clipped: number; contrast: number } {
  const { size, data } = chip;
  const lo = Math.floor(size * 0.2), hi = Math.ceil(size * 0.8);
  const w = hi - lo;
  const grey = new Float32Array(w * w);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const o = ((y + lo) * size + (x + lo)) * 3;
      grey[y * w + x] = 0.299 * data[o]! + 0.587 * data[o + 1]! + 0.114 * data[o + 2]!;
    }
  }
  let sum = 0, sq = 0, clip = 0;
  for (const g of grey) {
    sum += g; sq += g * g;
    if (g <= 5 || g >= 250) clip++;
  }
  const n = grey.length;
  const mean = sum / n;
  const contrast = Math.sqrt(Math.max(0, sq / n - mean * mean));
  let lsum = 0, lsq = 0, ln = 0;
  for (let y = 1; y < w - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = grey[i - 1]! + grey[i + 1]! + grey[i - w]! + grey[i + w]! - 4 * grey[i]!;
      lsum += l; lsq += l * l; ln++;
    }
  }
  const lmean = lsum / ln;
  const lapVar = lsq / ln - lmean * lmean;
  // Scaled so that a sharp 150-px chip of a frontal face lands near 100.
  const sharpness = Math.min(100, (100 * Math.sqrt(Math.max(0, lapVar))) / 12);
  return { sharpness, brightness: mean, clipped: clip / n, contrast };
}

export function measureQuality(face: DetectedFace, chip: AlignedFace): QualityMeasures {
  const stats = chipStatistics(chip);
  const exposure = 100 * Math.min(
    ramp(stats.brightness, 25, 70), ramp(stats.brightness, 240, 185), ramp(stats.clipped, 0.3, 0.05), ramp(stats.contrast, 5, 25),
  );
  return {
    detectionScore: face.score,
    interEyePx: interEyeDistance(face.landmarks),
    faceSizePx: Math.sqrt(Math.max(0, face.box[2] * face.box[3])),
    sharpness: stats.sharpness,
    brightness: stats.brightness,
    clipped: stats.clipped,
    exposure,
    yaw: face.pose.yaw,
    pitch: face.pose.pitch,
    roll: face.pose.roll,
  };
}

/**
 * Unified score: a weighted geometric mean of component utilities, so one very poor component
 * pulls the score down whatever the others are.
 */
export function unifiedQuality(m: QualityMeasures): number {
  const parts: [number, number][] = [
    [ramp(m.detectionScore, 0.2, 0.9), 1],
    [ramp(m.interEyePx, 8, 50), 1],
    [ramp(m.sharpness, 0, 40), 1],
    [m.exposure / 100, 0.5],
    [ramp(Math.abs(m.yaw), 70, 10), 1.5],
    [ramp(Math.abs(m.pitch), 60, 10), 1],
    [ramp(Math.abs(m.roll), 80, 20), 0.3],
  ];
  let logSum = 0, weights = 0;
  for (const [u, w] of parts) {
    logSum += w * Math.log(Math.max(u, 0.01));
    weights += w;
  }
  return Math.round(100 * Math.exp(logSum / weights) * 10) / 10;
}

export function assessQuality(m: QualityMeasures, thresholds: QualityThresholds = defaultQualityThresholds): QualityReport {
  const unified = unifiedQuality(m);
  const values: Record<string, number> = { ...m, unified };
  const reasons: string[] = [];
  let decision: QualityDecision = 'accept';
  const raise = (level: QualityDecision, reason: string) => {
    reasons.push(reason);
    if (level === 'reject' || decision === 'accept') decision = level;
  };
  for (const [key, b] of Object.entries(thresholds.min) as [string, Bound][]) {
    const v = values[key]!;
    if (v < b.reject) raise('reject', `${key} ${fmt(v)} < ${b.reject}`);
    else if (v < b.warn) raise('warn', `${key} ${fmt(v)} < ${b.warn}`);
  }
  for (const [key, b] of Object.entries(thresholds.max) as [string, Bound][]) {
    const v = Math.abs(values[key]!);
    if (v > b.reject) raise('reject', `|${key}| ${fmt(v)}° > ${b.reject}°`);
    else if (v > b.warn) raise('warn', `|${key}| ${fmt(v)}° > ${b.warn}°`);
  }
  return { ...roundMeasures(m), unified, decision, reasons };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function roundMeasures(m: QualityMeasures): QualityMeasures {
  const r = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
  return {
    detectionScore: r(m.detectionScore, 3), interEyePx: r(m.interEyePx), faceSizePx: r(m.faceSizePx), sharpness: r(m.sharpness),
    brightness: r(m.brightness), clipped: r(m.clipped, 3), exposure: r(m.exposure), yaw: m.yaw, pitch: m.pitch, roll: m.roll,
  };
}
