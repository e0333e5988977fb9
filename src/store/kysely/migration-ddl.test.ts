import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { pgSkipReason, pgTestDatabase } from '../../testing/pg-harness.ts';
import { connect, connectPostgres } from './connect.ts';
import { addColumns, createIndexes, createTable, dropTables, type ColumnSpec, type KeySpec } from './migration-ddl.ts';

type Dialect = 'sqlite' | 'postgres';

/** A fresh SQLite file, or a fresh database on the test PostgreSQL server. */
async function open(dialect: Dialect): Promise<{ db: Kysely<any>; close(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'abg-ddl-'));
    const db: Kysely<any> = await connect({ dialect: 'sqlite', file: join(dir, 'ddl.db') });
    return { db, close: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const database = await pgTestDatabase();
  const { db } = await connectPostgres({ dialect: 'postgres', url: database.url });
  return { db, close: async () => { await db.destroy(); await database.drop(); } };
}

async function parentsAndChildren(db: Kysely<any>): Promise<void> {
  await createTable(db, 'parents', {
    id: 'text primary key',
    code: 'text not null unique',
    kind: "text default 'person' not null",
    name: 'text not null',
    score: 'double precision default 0.5 not null',
    parents_kind_name_unique: 'unique (kind, name)',
  });
  await createTable(db, 'children', {
    parent_id: 'text not null references parents.id on delete cascade',
    seq: 'integer not null',
    note: 'text',
    children_pk: 'primary key (parent_id, seq)',
    children_note_idx: 'index (note)',
  });
}

async function indexNames(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const q = dialect === 'sqlite'
    ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and sql is not null order by name`
    : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = 'public' order by indexname`;
  return (await q.execute(db)).rows.map((r) => r.name);
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`migration DDL on ${dialect}`, { skip: dialect === 'postgres' ? pgSkipReason() : false }, () => {
    test('a table keeps its defaults, not-null and unique columns, composite key, index and cascading reference', async () => {
      const { db, close } = await open(dialect);
      try {
        await parentsAndChildren(db);
        await db.insertInto('parents').values({ id: 'p', code: 'P', name: 'a' }).execute();
        assert.deepEqual(await db.selectFrom('parents').select(['kind', 'score']).execute(), [{ kind: 'person', score: 0.5 }]);
        await assert.rejects(db.insertInto('parents').values({ id: 'q', code: 'P', name: 'b' }).execute(), 'code is unique');
        await assert.rejects(db.insertInto('parents').values({ id: 'q', code: 'Q', name: 'a' }).execute(), 'kind and name are unique together');
        await db.insertInto('parents').values({ id: 'q', code: 'Q', kind: 'agency', name: 'a' }).execute();
        await assert.rejects(db.insertInto('parents').values({ id: 'r', code: 'R', name: null }).execute(), 'name is not null');
        await db.insertInto('children').values({ parent_id: 'p', seq: 1 }).execute();
        await assert.rejects(db.insertInto('children').values({ parent_id: 'p', seq: 1 }).execute(), 'the primary key is (parent_id, seq)');
        await assert.rejects(db.insertInto('children').values({ parent_id: 'nobody', seq: 1 }).execute(), 'parent_id references parents');
        assert.ok((await indexNames(db, dialect)).includes('children_note_idx'));
        await db.deleteFrom('parents').where('id', '=', 'p').execute();
        assert.deepEqual(await db.selectFrom('children').selectAll().execute(), [], 'deleting the parent deleted its children');
      } finally {
        await close();
      }
    });

    test('the database numbers a bigserial column, and added columns fill existing rows with their default', async () => {
      const { db, close } = await open(dialect);
      try {
        await createTable(db, 'changes', { seq: 'bigserial primary key', op: 'text not null' });
        for (const op of ['add', 'remove', 'add']) await db.insertInto('changes').values({ op }).execute();
        const rows = await db.selectFrom('changes').select(['seq', 'op']).orderBy('seq').execute();
        assert.deepEqual(rows.map((r) => [Number(r.seq), r.op]), [[1, 'add'], [2, 'remove'], [3, 'add']]);
        await addColumns(db, { changes: { weight: 'integer default 7 not null', note: 'text' } });
        assert.deepEqual(await db.selectFrom('changes').select(['weight', 'note']).where('seq', '=', 1).execute(), [{ weight: 7, note: null }]);
        await createIndexes(db, 'changes', { changes_op_idx: 'index (op, weight)' });
        assert.ok((await indexNames(db, dialect)).includes('changes_op_idx'));
        await dropTables(db, ['changes']);
        await assert.rejects(db.selectFrom('changes').selectAll().execute(), 'the table is gone');
      } finally {
        await close();
      }
    });
  });
}

test('each column spec becomes the exact statement SQLite stores, named constraints and indexes included', async () => {
  const { db, close } = await open('sqlite');
  try {
    await parentsAndChildren(db);
    await createTable(db, 'changes', { seq: 'bigserial primary key', at: 'text not null' });
    const { rows } = await sql<{ sql: string }>`select sql from sqlite_master where sql is not null order by rowid`.execute(db);
    assert.deepEqual(rows.map((r) => r.sql), [
      `CREATE TABLE "parents" ("id" text primary key, "code" text not null unique, "kind" text default 'person' not null, "name" text not null, "score" double precision default 0.5 not null, constraint "parents_kind_name_unique" unique ("kind", "name"))`,
      `CREATE TABLE "children" ("parent_id" text not null references "parents" ("id") on delete cascade, "seq" integer not null, "note" text, constraint "children_pk" primary key ("parent_id", "seq"))`,
      `CREATE INDEX "children_note_idx" on "children" ("note")`,
      `CREATE TABLE "changes" ("seq" integer primary key autoincrement, "at" text not null)`,
      'CREATE TABLE sqlite_sequence(name,seq)',
    ]);
  } finally {
    await close();
  }
});

test('a malformed column spec is refused before anything is written', async () => {
  const { db, close } = await open('sqlite');
  try {
    // @ts-expect-error -- `nullable` is no word of a column spec
    const loose: ColumnSpec = 'text nullable';
    // @ts-expect-error -- the default comes before not null, as SQL reads it back
    const unordered: ColumnSpec = 'integer not null default 0';
    // @ts-expect-error -- a key names its columns in parentheses
    const bare: KeySpec = 'unique id, label';
    await assert.rejects(createTable(db, 'things', { id: 'text primary key', label: loose }), /label: "text nullable" is neither a column/);
    await assert.rejects(createTable(db, 'things', { id: 'text primary key', things_unique: bare }), /things_unique: "unique id, label" is neither/);
    await assert.rejects(createTable(db, 'things', { seq: 'bigserial not null' }), /bigserial column is the primary key/);
    await assert.rejects(addColumns(db, { things: { label: unordered } }), /is neither a column/, 'words out of order');
    const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_master`.execute(db);
    assert.equal(rows[0]!.n, 0);
  } finally {
    await close();
  }
});
