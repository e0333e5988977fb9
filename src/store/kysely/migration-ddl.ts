// Tables, columns and indexes for migrations, written as the schema they make: each column one
// SQL-like line, turned into the same Kysely calls on both dialects. A released migration's effect
// may never change, so a spec only ever maps to the one statement Kysely writes for it.
import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

/** `bigserial` is a 64-bit number the database assigns: PostgreSQL bigserial, SQLite integer primary key autoincrement. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision' | 'bigserial';

type Default = '' | ` default ${number}` | ` default '${string}'`;

/**
 * One column, its words in the order Kysely writes them: type, default, not null, unique, primary key,
 * references (`table.column`, optionally `on delete cascade`). E.g. `integer default 0 not null`,
 * `text not null references objections.id on delete cascade`.
 */
export type ColumnSpec = `${ColumnType}${Default}${'' | ' not null'}${'' | ' unique'}${'' | ' primary key'}${'' | ` references ${string}.${string}`}`;

export type Columns = Record<string, ColumnSpec>;

/** Indexes by name, each over its columns in order. */
export type Indexes = Record<string, string[]>;

export interface TableKeys {
  /** A primary key over several columns; its constraint is named `<table>_pk`. */
  primaryKey?: string[];
  /** Unique constraints by name. */
  unique?: Record<string, string[]>;
  /** Created right after the table. */
  indexes?: Indexes;
}

const SPEC = /^(text|integer|bigint|double precision|bigserial)(?: default (-?\d+(?:\.\d+)?|'[^']*'))?( not null)?( unique)?( primary key)?(?: references (\w+\.\w+)( on delete cascade)?)?$/;

interface Column {
  type: ColumnType;
  defaultTo?: number | string;
  notNull: boolean;
  unique: boolean;
  primaryKey: boolean;
  references?: string;
  onDeleteCascade: boolean;
}

/** Reads one column spec; throws on anything the grammar of ColumnSpec does not allow. */
export function parseColumn(name: string, spec: string): Column {
  const m = SPEC.exec(spec);
  if (!m) throw new Error(`Column ${name}: "${spec}" is not a column spec (type, default, not null, unique, primary key, references, in that order).`);
  const [, type, dflt, notNull, unique, primaryKey, references, cascade] = m;
  if (type === 'bigserial' && !primaryKey) throw new Error(`Column ${name}: a bigserial column is the primary key (SQLite numbers only an integer primary key).`);
  return {
    type: type as ColumnType,
    ...(dflt === undefined ? {} : { defaultTo: dflt.startsWith("'") ? dflt.slice(1, -1) : Number(dflt) }),
    notNull: Boolean(notNull),
    unique: Boolean(unique),
    primaryKey: Boolean(primaryKey),
    ...(references ? { references } : {}),
    onDeleteCascade: Boolean(cascade),
  };
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

function dataType(col: Column, postgres: boolean): ColumnType {
  return col.type === 'bigserial' && !postgres ? 'integer' : col.type;
}

function parseAll(columns: Columns): [string, Column][] {
  return Object.entries(columns).map(([name, spec]) => [name, parseColumn(name, spec)]);
}

/** Asks the database itself; SQLite has no version() and answers with an error. */
export async function isPostgres(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ v: string }>`select version() as v`.execute(db).catch(() => undefined);
  return Boolean(r?.rows[0]?.v?.startsWith('PostgreSQL'));
}

/** Creates a table from its columns in order, then its primary key and unique constraints, then its indexes. */
export async function createTable(db: Kysely<any>, table: string, columns: Columns, keys: TableKeys = {}): Promise<void> {
  const cols = parseAll(columns);
  // Only a bigserial column differs between the dialects.
  const postgres = cols.some(([, c]) => c.type === 'bigserial') && (await isPostgres(db));
  let t: CreateTableBuilder<string, string> = db.schema.createTable(table);
  for (const [name, col] of cols) t = t.addColumn(name, dataType(col, postgres), modifiers(col, postgres));
  if (keys.primaryKey) t = t.addPrimaryKeyConstraint(`${table}_pk`, keys.primaryKey);
  for (const [name, on] of Object.entries(keys.unique ?? {})) t = t.addUniqueConstraint(name, on);
  await t.execute();
  await createIndexes(db, table, keys.indexes ?? {});
}

/** Adds columns to an existing table, one alter table statement each (SQLite adds one at a time). */
export async function addColumns(db: Kysely<any>, table: string, columns: Columns): Promise<void> {
  for (const [name, col] of parseAll(columns)) {
    if (col.type === 'bigserial') throw new Error(`Column ${name}: a bigserial column is created with its table.`);
    await db.schema.alterTable(table).addColumn(name, col.type, modifiers(col, false)).execute();
  }
}

export async function createIndexes(db: Kysely<any>, table: string, indexes: Indexes): Promise<void> {
  for (const [name, on] of Object.entries(indexes)) await db.schema.createIndex(name).on(table).columns(on).execute();
}

/** Drops tables in the order given (dependents first). */
export async function dropTables(db: Kysely<any>, tables: string[]): Promise<void> {
  for (const t of tables) await db.schema.dropTable(t).execute();
}
