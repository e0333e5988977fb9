import type { Kysely } from 'kysely';

// Face models registered from licensed ONNX files: the manifest (JSON), the file's SHA-256, when
// it was added, and its calibration (JSON, null until measured).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('face_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alias', 'text', (c) => c.notNull().unique())
    .addColumn('manifest', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('dimension', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('calibration', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('face_models').execute();
}
