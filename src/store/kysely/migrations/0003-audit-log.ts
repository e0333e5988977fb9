import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// The audit log: leaves (entry payloads, leaf hashes, receipts), the perfect-subtree hashes of the
// Merkle tree, and signed checkpoints. Hashes are base64 text so both dialects hold the same value.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTable(db, 'audit_leaves', {
    seq: 'bigint primary key',
    time: 'text not null',
    leaf_hash: 'text not null',
    payload: 'text',
    receipt: 'text not null',
    audit_leaves_time_idx: 'index (time)',
  });
  await createTable(db, 'audit_nodes', {
    level: 'integer not null',
    seq: 'bigint not null',
    hash: 'text not null',
    audit_nodes_pk: 'primary key (level, seq)',
  });
  await createTable(db, 'audit_checkpoints', {
    size: 'bigint not null',
    time: 'text not null',
    note: 'text not null',
    audit_checkpoints_size_idx: 'index (size, time)',
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['audit_checkpoints', 'audit_nodes', 'audit_leaves']);
}
