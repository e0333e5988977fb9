import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Every calibration measured on this deployment, of a registered or a built-in model, oldest
// first: the calibration history GET /v1/models lists. A built-in model's newest one takes
// precedence over the table shipped with it; a registered model's active one stays in face_models.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'model_calibrations', {
    model_id: 'text not null',
    calibrated_at: 'text not null',
    calibration: 'text not null',
    model_calibrations_pk: 'primary key (model_id, calibrated_at)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['model_calibrations']);
}
