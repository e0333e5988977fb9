// The services' FaceEngine port over the worker pools: one pool per model, started on first use,
// so commands that never touch a face start no model.
import { AbgError, fail } from '../../domain/errors.ts';
import type { FaceLandmark, FaceQuality } from '../../domain/face.ts';
import type { ModelCalibration } from '../../domain/face-model.ts';
import type { AnalysedFace, FaceEngine } from '../../services/ports/face-engine.ts';
import type { FaceModelInfo } from '../../services/ports/face-models.ts';
import { faceModelRegistry, faceModels, resolveModel } from './models.ts';
import { FaceWorkerPool, type FacePoolOptions } from './pool.ts';
import type { QualityReport } from './quality.ts';
import { landmarkNames, type FaceLandmarks } from './types.ts';
import { cosine } from './vector.ts';

export class PoolFaceEngine implements FaceEngine {
  private readonly pools = new Map<string, FaceWorkerPool>();

  constructor(private readonly options: Omit<FacePoolOptions, 'model'> = {}) {}

  models(): string[] {
    return faceModels().map((m) => m.id);
  }

  dimension(modelId: string): number {
    return resolveModel(modelId).dimension;
  }

  describe(modelId: string): FaceModelInfo {
    const entry = resolveModel(modelId);
    const registered = entry.onnx?.model;
    const { active } = this.calibrations(modelId);
    const calibration: FaceModelInfo['calibration'] = active && {
      model: active.model, dataset: active.dataset, genuineComparisons: active.genuineComparisons, impostorComparisons: active.impostorComparisons,
      calibratedAt: active.source === 'shipped' ? null : active.calibratedAt, detCurve: active.report !== undefined,
    };
    return {
      alias: entry.alias, source: registered ? 'registered' : 'built-in', licence: entry.terms ?? { name: entry.licence ?? 'not stated' }, calibration,
      ...(registered ? { sha256: registered.sha256, addedAt: registered.addedAt } : {}),
    };
  }

  calibrations(modelId: string): { active: ModelCalibration | null; shipped: ModelCalibration | null } {
    const entry = resolveModel(modelId);
    try {
      return { active: entry.calibrationRecord(), shipped: entry.shipped?.() ?? null };
    } catch (e) {
      if (!(e instanceof AbgError && e.code === 'ABG_ERR_MODEL_UNCALIBRATED')) throw e;
      return { active: null, shipped: null };
    }
  }

  useCalibration(modelId: string, record: ModelCalibration | null): void {
    faceModelRegistry().useCalibration(resolveModel(modelId).id, record);
  }

  async analyse(image: Uint8Array, options: { modelId: string; allFaces?: boolean; landmarks?: FaceLandmark[] }): Promise<AnalysedFace[]> {
    const id = resolveModel(options.modelId).id;
    let pool = this.pools.get(id);
    if (!pool) {
      pool = new FaceWorkerPool({ ...this.options, model: id });
      this.pools.set(id, pool);
    }
    try {
      const given = options.landmarks && alignmentPoints(options.landmarks);
      const analysis = await pool.analyse(image, { allFaces: options.allFaces ?? false, ...(given ? { landmarks: given } : {}) });
      return analysis.faces.map((f) => ({ box: f.box, detectionScore: f.score, landmarks: landmarkNames.map((name) => ({ name, x: round1(f.landmarks[name].x), y: round1(f.landmarks[name].y) })), quality: toQuality(f.quality), embedding: f.embedding, modelId: f.model }));
    } catch (e) {
      if (e instanceof AbgError && e.code === 'ABG_ERR_NO_FACE') return [];
      throw e;
    }
  }

  compare(modelId: string, a: Float32Array, b: Float32Array): number {
    if (a.length !== this.dimension(modelId) || b.length !== a.length) fail('ABG_ERR_MODEL_MISMATCH');
    return cosine(a, b);
  }

  sameImageScore(modelId: string): number | undefined {
    return resolveModel(modelId).sameImageScore;
  }

  fmrAtScore(modelId: string, score: number): number {
    return resolveModel(modelId).calibration().fmrAtScore(score);
  }

  scoreAtFmr(modelId: string, fmr: number): number {
    return resolveModel(modelId).calibration().scoreAtFmr(fmr);
  }

  fnmrAtFmr(modelId: string, fmr: number): number {
    return resolveModel(modelId).calibration().fnmrAtFmr(fmr);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }
}

const round1 = (v: number) => Math.round(v * 10) / 10;

function toQuality(q: QualityReport): FaceQuality {
  const { unified, decision, reasons, ...measures } = q;
  return { score: unified, verdict: decision, reasons, measures: Object.fromEntries(Object.entries(measures).filter(([, v]) => typeof v === 'number')) as Record<string, number> };
}

/** The seven alignment points by name, or undefined when one is missing. */
function alignmentPoints(given: FaceLandmark[]): FaceLandmarks | undefined {
  const byName = new Map(given.map((l) => [l.name, { x: l.x, y: l.y }]));
  if (!landmarkNames.every((n) => byName.has(n))) return undefined;
  return Object.fromEntries(landmarkNames.map((n) => [n, byName.get(n)!])) as unknown as FaceLandmarks;
}
