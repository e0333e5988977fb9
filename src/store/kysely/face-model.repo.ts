import type { Kysely, Selectable } from 'kysely';
import type { ModelCalibration, RegisteredFaceModel } from '../../domain/face-model.ts';
import type { FaceModelStore } from '../face-model.store.ts';
import type { Database, FaceModelsTable } from './schema.ts';
import { mapped } from './db-errors.ts';

const toModel = (r: Selectable<FaceModelsTable>): RegisteredFaceModel => ({
  id: r.id, alias: r.alias, manifest: JSON.parse(r.manifest) as Record<string, unknown>, sha256: r.sha256, dimension: Number(r.dimension),
  addedAt: r.added_at, calibration: r.calibration === null ? null : (JSON.parse(r.calibration) as ModelCalibration),
});

export class FaceModelRepo implements FaceModelStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(m: RegisteredFaceModel) {
    await mapped(this.db.insertInto('face_models').values({
      id: m.id, alias: m.alias, manifest: JSON.stringify(m.manifest), sha256: m.sha256, dimension: m.dimension, added_at: m.addedAt,
      calibration: m.calibration === null ? null : JSON.stringify(m.calibration),
    }).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('face_models').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toModel(r);
  }

  async list() {
    return (await this.db.selectFrom('face_models').selectAll().orderBy('added_at').orderBy('id').execute()).map(toModel);
  }

  async setCalibration(id: string, calibration: ModelCalibration) {
    const r = await this.db.updateTable('face_models').set({ calibration: JSON.stringify(calibration) }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async addCalibration(c: ModelCalibration) {
    await mapped(this.db.insertInto('model_calibrations').values({ model_id: c.model, calibrated_at: c.calibratedAt, calibration: JSON.stringify(c) }).execute());
  }

  async calibrations(modelId?: string) {
    let q = this.db.selectFrom('model_calibrations').select('calibration').orderBy('calibrated_at').orderBy('model_id');
    if (modelId !== undefined) q = q.where('model_id', '=', modelId);
    return (await q.execute()).map((r) => JSON.parse(r.calibration) as ModelCalibration);
  }
}
