import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Face models registered from licensed ONNX files: the manifest (JSON), the file's SHA-256, when
// it was added, and its calibration (JSON, null until measured).
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'face_models', {
    id: 'text primary key',
    alias: 'text not null unique',
    manifest: 'text not null',
    sha256: 'text not null',
    dimension: 'integer not null',
    added_at: 'text not null',
    calibration: 'text',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['face_models']);
}
