// Calibration of a registered face model on the agency's own labelled set: embed every image
// with the model, form genuine and impostor comparisons, measure the score → FMR table and the
// accuracy figures, and store them as data of the model with a log entry in one transaction.
// A set that is too small is refused before and after embedding; nothing is stored then. A
// built-in model calibrated here answers with this deployment's table instead of the shipped one.
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/entities.ts';
import type { ModelCalibration, RegisteredFaceModel } from '../domain/face-model.ts';
import { isAbgError, fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import { accuracyDeclaration, type AccuracyDeclaration } from './accuracy-declaration.ts';
import type { CalibrationEngine, LabelledSet, ScoredComparison } from './ports/calibration.ts';
import type { FaceModelInstaller } from './ports/face-models.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** The least a set must hold: below it no FMR of 10^-2 could be stated (3 / 300) nor an FNMR worth the name. */
export const CALIBRATION_MINIMUM = { people: 10, genuine: 20, impostor: 300 };
/** Impostor comparisons kept from a folder set (every k-th of all cross-person pairs beyond this). */
export const MAX_IMPOSTORS = 5_000_000;

export type CalibrationProgress = (done: number, total: number) => void;

interface Embedded { person: string; embedding: Float32Array; quality: number }

export class CalibrationService {
  constructor(private readonly deps: WorkflowDeps, private readonly calibrationEngine?: CalibrationEngine, private readonly installer?: FaceModelInstaller) {}

  private get engine(): CalibrationEngine {
    return this.calibrationEngine ?? fail('ABG_ERR_CONFIG', 'This server runs without a calibration engine.');
  }

  /** Calibrates a registered or a built-in model on `set` (for a built-in one this deployment's calibration takes precedence over the shipped table); `actor` null is the host's own administration (the local command). */
  async calibrate(actor: Actor | null, modelId: string, set: LabelledSet, onProgress: CalibrationProgress = () => {}): Promise<AccuracyDeclaration> {
    if (actor) authorize(actor, 'model.calibrate', { type: 'installation' });
    const { model, builtIn } = await this.target(modelId);
    refuseSmall(structuralCounts(set));
    const { embedded, unusable, digest } = await this.embedAll(model.id, set, onProgress);
    const { genuine, impostor, people } = comparisons(set, embedded, (a, b) => this.deps.faces.compare(model.id, a, b));
    refuseSmall({ people, genuine: genuine.length, impostor: impostor.length }, unusable);
    const usable = embedded.filter(Boolean).length;
    const dataset = `${set.name}: ${set.kind === 'pairs' ? `${set.pairs!.length} listed pairs` : `${people} people`}, ${usable} of ${set.images.length} images usable`;
    const table = this.engine.table(model.id, dataset, genuine.map((c) => c.score), impostor.map((c) => c.score));
    const calibration: ModelCalibration = {
      ...table, calibratedAt: this.deps.now().toISOString(), report: this.engine.measure(genuine, impostor), datasetDigest: digest, unusable, source: 'measured',
    };
    await this.deps.store.transaction(async (tx) => {
      if (!builtIn && !(await tx.faceModels.setCalibration(model.id, calibration))) fail('ABG_ERR_UNKNOWN_MODEL', model.id);
      await tx.faceModels.addCalibration(calibration);
      const host = actor ? undefined : (await tx.agencies.list()).find((a) => a.isHost);
      await this.deps.audit.append({
        action: 'model.calibrated', actor, ...(host ? { systemAgencyId: host.id } : {}), object: { type: 'face-model', id: model.id },
        result: { ids: [digest], counts: { images: set.images.length, usable, genuine: genuine.length, impostor: impostor.length } },
      }, tx);
    });
    if (builtIn) this.deps.faces.useCalibration?.(model.id, calibration);
    else this.installer?.offer({ ...model, calibration });
    return accuracyDeclaration({ ...model, calibration });
  }

  /** The accuracy declaration of a calibrated model's active calibration; ABG_ERR_MODEL_UNCALIBRATED while it has none. */
  async declaration(modelId: string): Promise<AccuracyDeclaration> {
    const { model } = await this.target(modelId);
    if (!model.calibration) fail('ABG_ERR_MODEL_UNCALIBRATED', model.id);
    return accuracyDeclaration(model);
  }

  /** The DET curve of the model's active calibration as SVG. */
  async detSvg(modelId: string): Promise<string> {
    const { model } = await this.target(modelId);
    const report = model.calibration?.report ?? fail('ABG_ERR_MODEL_UNCALIBRATED', model.id);
    return this.engine.detSvg(report, `DET: ${model.id} on ${model.calibration!.dataset.split(':')[0]}`);
  }

  /** A registered model as stored, or a built-in one with its active calibration (no file hash: it ships with the package). */
  private async target(idOrAlias: string): Promise<{ model: RegisteredFaceModel; builtIn: boolean }> {
    const all = await this.deps.store.faceModels.list();
    const found = all.find((m) => m.id === idOrAlias || m.alias === idOrAlias);
    if (found) return { model: found, builtIn: false };
    const { faces } = this.deps;
    const id = faces.models().find((m) => m === idOrAlias || faces.describe?.(m).alias === idOrAlias) ?? fail('ABG_ERR_UNKNOWN_MODEL', idOrAlias);
    const info = faces.describe?.(id);
    return {
      builtIn: true,
      model: {
        id, alias: info?.alias ?? id, manifest: { licence: info?.licence ?? { name: 'not stated' } }, sha256: '', dimension: faces.dimension(id),
        addedAt: '', calibration: faces.calibrations?.(id).active ?? null,
      },
    };
  }

  private async embedAll(modelId: string, set: LabelledSet, onProgress: CalibrationProgress) {
    const embedded: (Embedded | undefined)[] = new Array(set.images.length);
    const digests: string[] = new Array(set.images.length);
    const unusable: Record<string, number> = {};
    let next = 0, done = 0;
    const worker = async () => {
      while (next < set.images.length) {
        const i = next++;
        const image = set.images[i]!;
        try {
          const bytes = await image.read();
          digests[i] = createHash('sha256').update(bytes).digest('hex');
          const [face] = await this.deps.faces.analyse(bytes, { modelId });
          if (face) embedded[i] = { person: image.person, embedding: face.embedding, quality: face.quality.score };
          else unusable['no face'] = (unusable['no face'] ?? 0) + 1;
        } catch (e) {
          const code = isAbgError(e) ? e.code : 'ABG_ERR_INTERNAL';
          unusable[code] = (unusable[code] ?? 0) + 1;
          digests[i] ??= 'unreadable';
        }
        onProgress(++done, set.images.length);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const h = createHash('sha256');
    set.images.forEach((im, i) => h.update(`${im.person}\0${im.name}\0${digests[i]}\n`));
    for (const p of set.pairs ?? []) h.update(`${p.a} ${p.b} ${p.genuine}\n`);
    return { embedded, unusable, digest: h.digest('hex') };
  }
}

function structuralCounts(set: LabelledSet) {
  const people = new Set(set.images.map((i) => i.person)).size;
  if (set.pairs) return { people, genuine: set.pairs.filter((p) => p.genuine).length, impostor: set.pairs.filter((p) => !p.genuine).length };
  const sizes = [...countBy(set.images.map((i) => i.person)).values()];
  const genuine = sizes.reduce((a, n) => a + (n * (n - 1)) / 2, 0);
  const impostor = (set.images.length ** 2 - sizes.reduce((a, n) => a + n * n, 0)) / 2;
  return { people, genuine, impostor };
}

function refuseSmall(c: { people: number; genuine: number; impostor: number }, unusable?: Record<string, number>): void {
  const m = CALIBRATION_MINIMUM;
  if (c.people >= m.people && c.genuine >= m.genuine && c.impostor >= m.impostor) return;
  const lost = unusable && Object.keys(unusable).length ? `; unusable images: ${Object.entries(unusable).map(([k, n]) => `${n} ${k}`).join(', ')}` : '';
  fail('ABG_ERR_CALIBRATION_TOO_SMALL', `${c.people} people, ${c.genuine} genuine and ${c.impostor} impostor comparisons; the minimum is ${m.people} people, ${m.genuine} genuine and ${m.impostor} impostor comparisons${lost}.`);
}

/** Genuine and impostor comparisons between usable images: the listed pairs, or every pair of a folder set. */
function comparisons(set: LabelledSet, e: (Embedded | undefined)[], compare: (a: Float32Array, b: Float32Array) => number) {
  const genuine: ScoredComparison[] = [], impostor: ScoredComparison[] = [];
  const score = (a: Embedded, b: Embedded): ScoredComparison => ({ score: compare(a.embedding, b.embedding), quality: Math.min(a.quality, b.quality) });
  const used = new Set<string>();
  if (set.pairs) {
    for (const p of set.pairs) {
      const a = e[p.a], b = e[p.b];
      if (!a || !b) continue;
      used.add(a.person).add(b.person);
      (p.genuine ? genuine : impostor).push(score(a, b));
    }
    return { genuine, impostor, people: used.size };
  }
  const usable = e.filter((x): x is Embedded => x !== undefined);
  const sizes = [...countBy(usable.map((x) => x.person)).values()];
  const cross = (usable.length ** 2 - sizes.reduce((a, n) => a + n * n, 0)) / 2;
  const stride = Math.max(1, Math.ceil(cross / MAX_IMPOSTORS));
  let k = 0;
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      const a = usable[i]!, b = usable[j]!;
      if (a.person === b.person) genuine.push(score(a, b));
      else if (k++ % stride === 0) impostor.push(score(a, b));
    }
  }
  return { genuine, impostor, people: sizes.length };
}

function countBy(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
