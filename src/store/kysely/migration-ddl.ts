// Tables, columns and indexes for migrations, written as the schema they make: a table is its
// columns and named keys, one SQL-like line each, as CREATE TABLE lists them, turned into the same
// Kysely calls on both dialects. A released migration's effect may never change, so a line only
// ever maps to the one statement Kysely writes for it.
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

/** `bigserial` is a 64-bit number the database assigns: PostgreSQL bigserial, SQLite integer primary key autoincrement. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision' | 'bigserial';

type Default = '' | ` default ${number}` | ` default '${string}'`;

/**
 * A column, its words in the order Kysely writes them: type, default, not null, unique, primary key,
 * references (`table.column`, optionally `on delete cascade`). E.g. `integer default 0 not null`,
 * `text not null references objections.id on delete cascade`.
 */
export type ColumnSpec = `${ColumnType}${Default}${'' | ' not null'}${'' | ' unique'}${'' | ' primary key'}${'' | ` references ${string}.${string}`}`;

/** A named key over columns: a table constraint, or an index created right after the table. */
export type KeySpec = `primary key (${string})` | `unique (${string})` | `index (${string})`;

/** Columns by name. */
export type Columns = Record<string, ColumnSpec>;

/** A table's columns, then its keys by name, e.g. `{ id: 'text primary key', ..., users_name_unique: 'unique (agency_id, name)' }`. */
export type Table = Record<string, ColumnSpec | KeySpec>;

/** Indexes by name, e.g. `{ samples_subject_idx: 'index (subject_id)' }`. */
export type Indexes = Record<string, `index (${string})`>;

interface Column {
  kind: 'column';
  type: ColumnType;
  defaultTo?: number | string;
  notNull: boolean;
  unique: boolean;
  primaryKey: boolean;
  references?: string;
  onDeleteCascade: boolean;
}

interface Key {
  kind: 'primary key' | 'unique' | 'index';
  columns: string[];
}

const COLUMN = /^(text|integer|bigint|double precision|bigserial)(?: default (-?\d+(?:\.\d+)?|'[^']*'))?( not null)?( unique)?( primary key)?(?: references (\w+\.\w+)( on delete cascade)?)?$/;
const KEY = /^(primary key|unique|index) \((\w+(?:, \w+)*)\)$/;

/** Reads one line of a table; throws on anything the grammar of ColumnSpec and KeySpec does not allow. */
function parseEntry(name: string, spec: string): Column | Key {
  const key = KEY.exec(spec);
  if (key) return { kind: key[1] as Key['kind'], columns: key[2]!.split(', ') };
  const m = COLUMN.exec(spec);
  if (!m) throw new Error(`${name}: "${spec}" is neither a column (type, default, not null, unique, primary key, references, in that order) nor a key (primary key, unique or index over a column list).`);
  const [, type, dflt, notNull, unique, primaryKey, references, cascade] = m;
  if (type === 'bigserial' && !primaryKey) throw new Error(`${name}: a bigserial column is the primary key (SQLite numbers only an integer primary key).`);
  return {
    kind: 'column',
    type: type as ColumnType,
    ...(dflt === undefined ? {} : { defaultTo: dflt.startsWith("'") ? dflt.slice(1, -1) : Number(dflt) }),
    notNull: Boolean(notNull),
    unique: Boolean(unique),
    primaryKey: Boolean(primaryKey),
    ...(references ? { references } : {}),
    onDeleteCascade: Boolean(cascade),
  };
}

function parseAll(entries: Record<string, string>): [string, Column | Key][] {
  return Object.entries(entries).map(([name, spec]) => [name, parseEntry(name, spec)]);
}

function modifiers(col: Column, postgres: boolean): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return (c) => {
    if (col.defaultTo !== undefined) c = c.defaultTo(col.defaultTo);
    if (col.notNull) c = c.notNull();
    if (col.unique) c = c.unique();
    if (col.primaryKey) c = c.primaryKey();
    if (col.type === 'bigserial' && !postgres) c = c.autoIncrement();
    if (col.references) c = c.references(col.references);
    if (col.onDeleteCascade) c = c.onDelete('cascade');
    return c;
  };
}

/** Asks the database itself; SQLite has no version() and answers with an error. */
export async function isPostgres(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ v: string }>`select version() as v`.execute(db).catch(() => undefined);
  return Boolean(r?.rows[0]?.v?.startsWith('PostgreSQL'));
}

/** Creates a table: its columns in order, then its primary key and unique constraints in order; then its indexes. */
export async function createTable(db: Kysely<any>, table: string, entries: Table): Promise<void> {
  const parsed = parseAll(entries);
  // Only a bigserial column differs between the dialects.
  const postgres = parsed.some(([, e]) => e.kind === 'column' && e.type === 'bigserial') && (await isPostgres(db));
  let t: CreateTableBuilder<string, string> = db.schema.createTable(table);
  for (const [name, e] of parsed) {
    if (e.kind === 'column') t = t.addColumn(name, e.type === 'bigserial' && !postgres ? 'integer' : e.type, modifiers(e, postgres));
  }
  for (const [name, e] of parsed) {
    if (e.kind === 'primary key') t = t.addPrimaryKeyConstraint(name, e.columns);
    if (e.kind === 'unique') t = t.addUniqueConstraint(name, e.columns);
  }
  await t.execute();
  for (const [name, e] of parsed) if (e.kind === 'index') await createIndex(db, name, table, e.columns);
}

function createIndex(db: Kysely<any>, name: string, table: string, columns: string[]): Promise<void> {
  return db.schema.createIndex(name).on(table).columns(columns).execute();
}

/** Adds columns to existing tables, by table, one alter table statement each (SQLite adds one at a time). */
export async function addColumns(db: Kysely<any>, tables: Record<string, Columns>): Promise<void> {
  const added: [string, string, Column][] = [];
  for (const [table, columns] of Object.entries(tables)) {
    for (const [name, e] of parseAll(columns)) {
      if (e.kind !== 'column' || e.type === 'bigserial') throw new Error(`${table}.${name}: only a column other than bigserial can be added to an existing table.`);
      added.push([table, name, e]);
    }
  }
  for (const [table, name, col] of added) await db.schema.alterTable(table).addColumn(name, col.type, modifiers(col, false)).execute();
}

/** Creates indexes on an existing table, in order. */
export async function createIndexes(db: Kysely<any>, table: string, indexes: Indexes): Promise<void> {
  for (const [name, e] of parseAll(indexes)) {
    if (e.kind !== 'index') throw new Error(`${name}: not an index.`);
    await createIndex(db, name, table, e.columns);
  }
}

/** Drops tables in the order given (dependents first). */
export async function dropTables(db: Kysely<any>, tables: string[]): Promise<void> {
  for (const t of tables) await db.schema.dropTable(t).execute();
}
