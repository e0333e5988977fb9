import type { Kysely } from 'kysely';

// The audit log: leaves (entry payloads, leaf hashes, receipts), the perfect-subtree hashes of the
// Merkle tree, and signed checkpoints. Hashes are base64 text so both dialects hold the same value.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_leaves')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('receipt', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_leaves_time_idx').on('audit_leaves').column('time').execute();
  await db.schema
    .createTable('audit_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_nodes_pk', ['level', 'seq'])
    .execute();
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_checkpoints_size_idx').on('audit_checkpoints').columns(['size', 'time']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['audit_checkpoints', 'audit_nodes', 'audit_leaves']) await db.schema.dropTable(t).execute();
}
