// Face models: the list GET /v1/models shows (built-in and registered, with licence and
// calibration state), and registration of a licensed ONNX model from its manifest. Registration
// is server administration on the host (the file lives there): it runs every check first, stores
// nothing on a failure, and records the model and its log entry in one transaction.
import type { CalibrationHistoryEntry, ModelCalibration, RegisteredFaceModel } from '../domain/face-model.ts';
import { AbgError, fail } from '../domain/errors.ts';
import type { FaceEngine } from './ports/face-engine.ts';
import type { FaceModelInfo } from './ports/face-models.ts';
import type { FaceModelInstaller } from './ports/face-models.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** One model as GET /v1/models and `abgleich model list` show it. */
export type FaceModelView = { id: string; dimension: number; thresholds: { fmr: number; score: number; fnmr?: number }[] } & FaceModelInfo;

const listedFmrs = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

export class FaceModelService {
  constructor(private readonly deps: WorkflowDeps, private readonly installer?: FaceModelInstaller) {}

  /** Every model this server runs, the default first. */
  list(): FaceModelView[] {
    const { faces } = this.deps;
    return faces.models().map((id) => ({
      id, dimension: faces.dimension(id),
      ...(faces.describe?.(id) ?? { alias: id, source: 'built-in' as const, licence: { name: 'not stated' }, calibration: null }),
      // Only the targets the model's calibration can state (it refuses to extrapolate, and an uncalibrated model states none).
      thresholds: listedFmrs.flatMap((fmr) => {
        try {
          const score = faces.scoreAtFmr(id, fmr);
          return [{ fmr, score, ...(faces.fnmrAtFmr ? { fnmr: faces.fnmrAtFmr(id, fmr) } : {}) }];
        } catch {
          return [];
        }
      }),
    }));
  }

  /** Every model as `list` shows it, with its calibration history: the active one and the earlier ones, newest first (a built-in model's shipped table last). */
  async catalogue(): Promise<(FaceModelView & { calibrations: CalibrationHistoryEntry[] })[]> {
    const stored = await this.deps.store.faceModels.calibrations();
    const registered = new Map((await this.deps.store.faceModels.list()).map((m) => [m.id, m.calibration]));
    return this.list().map((m) => ({ ...m, calibrations: history(this.deps.faces, m.id, stored.filter((c) => c.model === m.id), registered.get(m.id) ?? null) }));
  }

  /** Checks the manifest at `manifestPath` and its model, then registers it; ABG_ERR_MODEL_* on a failed check, ABG_ERR_MODEL_EXISTS when the id or alias is taken. */
  async add(manifestPath: string): Promise<FaceModelView> {
    const installer = this.installer ?? fail('ABG_ERR_CONFIG', 'This server runs a face engine that cannot load ONNX models.');
    const checked = await installer.check(manifestPath);
    this.refuseTaken(checked.id, checked.alias);
    const model: RegisteredFaceModel = {
      id: checked.id, alias: checked.alias, manifest: checked.manifest, sha256: checked.sha256, dimension: checked.dimension,
      addedAt: this.deps.now().toISOString(), calibration: null,
    };
    const undo = await checked.keep();
    try {
      await this.deps.store.transaction(async (tx) => {
        await tx.faceModels.insert(model);
        const host = (await tx.agencies.list()).find((a) => a.isHost);
        await this.deps.audit.append({ action: 'model.added', actor: null, ...(host ? { systemAgencyId: host.id } : {}), object: { type: 'face-model', id: model.id }, result: { ids: [model.sha256] } }, tx);
      });
    } catch (e) {
      await undo();
      if (e instanceof AbgError && e.code === 'ABG_ERR_CONFLICT') fail('ABG_ERR_MODEL_EXISTS', `${model.id} (${model.alias}).`);
      throw e;
    }
    installer.offer(model);
    return this.list().find((m) => m.id === model.id)!;
  }

  /** Offers the models registered or calibrated on the host since this process last looked (`abgleich model add|calibrate` beside a running server); their ids. */
  async refresh(): Promise<string[]> {
    const { faces } = this.deps;
    if (!this.installer) return useBuiltInCalibrations(faces, await this.deps.store.faceModels.calibrations());
    const known = new Map(faces.models().map((id) => [id, faces.describe?.(id).calibration?.calibratedAt ?? null]));
    const changed = (await this.deps.store.faceModels.list()).filter((m) => known.get(m.id) !== (m.calibration?.calibratedAt ?? null));
    for (const m of changed) this.installer.offer(m);
    const builtIn = useBuiltInCalibrations(faces, await this.deps.store.faceModels.calibrations());
    return [...changed.map((m) => m.id), ...builtIn];
  }

  private refuseTaken(id: string, alias: string): void {
    const { faces } = this.deps;
    for (const known of faces.models()) {
      if (known === id || faces.describe?.(known).alias === alias) fail('ABG_ERR_MODEL_EXISTS', `${id} (${alias}) clashes with ${known}.`);
    }
  }
}

/** Makes each built-in model's newest calibration measured on this deployment its active one (none: the shipped table), where it is not yet; the ids of the models changed. */
export function useBuiltInCalibrations(faces: FaceEngine, stored: ModelCalibration[]): string[] {
  const changed: string[] = [];
  for (const id of faces.models()) {
    if (!faces.useCalibration || faces.describe?.(id).source !== 'built-in') continue;
    const newest = stored.filter((c) => c.model === id).at(-1) ?? null;
    const active = faces.calibrations?.(id).active ?? null;
    // A store without one (another data directory opened in this process) puts the shipped table back.
    if (newest ? active?.calibratedAt === newest.calibratedAt : active?.source !== 'measured') continue;
    faces.useCalibration(id, newest);
    changed.push(id);
  }
  return changed;
}

function history(faces: FaceEngine, id: string, measured: ModelCalibration[], registered: ModelCalibration | null): CalibrationHistoryEntry[] {
  const { shipped, active: running } = faces.calibrations?.(id) ?? { active: null, shipped: null };
  const active = running ?? registered;
  const all = [...(shipped ? [shipped] : []), ...measured];
  // A registered model calibrated before the history was kept has its active calibration only.
  if (active && !all.some((c) => c.calibratedAt === active.calibratedAt)) all.push(active);
  all.reverse();
  return all.map((c) => ({
    dataset: c.dataset, source: c.source ?? 'measured', calibratedAt: c.calibratedAt,
    genuineComparisons: c.genuineComparisons, impostorComparisons: c.impostorComparisons,
    active: active !== null && c.calibratedAt === active.calibratedAt && (c.source ?? 'measured') === (active.source ?? 'measured'),
  }));
}
