import type { Kysely } from 'kysely';

// Every calibration measured on this deployment, of a registered or a built-in model, oldest
// first: the calibration history GET /v1/models lists. A built-in model's newest one takes
// precedence over the table shipped with it; a registered model's active one stays in face_models.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('model_calibrations')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('calibrated_at', 'text', (c) => c.notNull())
    .addColumn('calibration', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_calibrations_pk', ['model_id', 'calibrated_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('model_calibrations').execute();
}
