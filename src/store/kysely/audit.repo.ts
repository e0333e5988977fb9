import { sql, type Kysely } from 'kysely';
import type { AuditStore, StoredCheckpoint, StoredLeaf } from '../../audit/audit-store.ts';
import type { TreeNode } from '../../audit/merkle-tree.ts';
import type { CounterRange, CounterRow, CounterScope, CounterTally, TallyRow } from '../../audit/statistics-counters.ts';
import { addCounters, readCounters, tallyCounters } from './audit-counters.ts';
import type { AuditLeavesTable, Database } from './schema.ts';
import { mapped } from './db-errors.ts';

// Advisory lock key of the audit log ("abgl" in ASCII); the index change feed takes it too.
export const AUDIT_LOCK_KEY = 0x6162676c;

// PostgreSQL returns bigint columns as strings; every position here is far below 2^53.
const num = (v: number | string | bigint | null | undefined): number => Number(v ?? 0);

const toLeaf = (r: AuditLeavesTable): StoredLeaf => ({
  index: num(r.seq), time: r.time, leafHash: Buffer.from(r.leaf_hash, 'base64'), payload: r.payload, receipt: r.receipt,
});

export class AuditRepo implements AuditStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly inTransaction = false,
    private readonly dialect: 'sqlite' | 'postgres' = 'sqlite',
  ) {}

  async withAppendLock<T>(fn: (store: AuditStore) => Promise<T>): Promise<T> {
    const locked = async (repo: AuditRepo) => {
      // SQLite has one writer at a time already; PostgreSQL takes a transaction-scoped advisory lock.
      if (repo.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(repo.db);
      return fn(repo);
    };
    if (this.inTransaction) return locked(this);
    return this.db.transaction().execute((trx) => locked(new AuditRepo(trx, true, this.dialect)));
  }

  async size(): Promise<number> {
    const r = await this.db.selectFrom('audit_leaves').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst();
    return r?.last === null || r?.last === undefined ? 0 : num(r.last) + 1;
  }

  async append(leaf: StoredLeaf, nodes: readonly TreeNode[], counters: readonly CounterRow[] = []): Promise<void> {
    const write = async (db: Kysely<Database>) => {
      await db.insertInto('audit_leaves').values({
        seq: leaf.index, time: leaf.time, leaf_hash: leaf.leafHash.toString('base64'), payload: leaf.payload, receipt: leaf.receipt,
      }).execute();
      if (nodes.length) await db.insertInto('audit_nodes').values(nodes.map((n) => ({ level: n.level, seq: n.index, hash: n.hash.toString('base64') }))).execute();
      await addCounters(db, counters);
    };
    // The leaf, the nodes it completes and its counters commit together or not at all.
    await mapped(this.inTransaction ? write(this.db) : this.db.transaction().execute(write));
  }

  async readNodes(keys: ReadonlyArray<{ level: number; index: number }>): Promise<TreeNode[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom('audit_nodes')
      .selectAll()
      .where((eb) => eb.or(keys.map((k) => eb.and([eb('level', '=', k.level), eb('seq', '=', k.index)]))))
      .execute();
    return rows.map((r) => ({ level: num(r.level), index: num(r.seq), hash: Buffer.from(r.hash, 'base64') }));
  }

  async readLeaves(from: number, to: number): Promise<StoredLeaf[]> {
    const rows = await this.db.selectFrom('audit_leaves').selectAll().where('seq', '>=', from).where('seq', '<', to).orderBy('seq').execute();
    return rows.map(toLeaf);
  }

  async readLeavesByTime(from: string, to: string): Promise<StoredLeaf[]> {
    const rows = await this.db.selectFrom('audit_leaves').selectAll().where('time', '>=', from).where('time', '<', to).orderBy('seq').execute();
    return rows.map(toLeaf);
  }

  readCounters(ranges: readonly CounterRange[], scope: CounterScope, periodLength: number): Promise<CounterRow[]> {
    return readCounters(this.db, ranges, scope, periodLength);
  }

  tallyCounters(ranges: readonly CounterRange[], scope: CounterScope, periodLength: number, tally: CounterTally): Promise<TallyRow[]> {
    return tallyCounters(this.db, ranges, scope, periodLength, tally, this.dialect);
  }

  async saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    await mapped(this.db.insertInto('audit_checkpoints').values({ size: checkpoint.size, time: checkpoint.time, note: checkpoint.note }).execute());
  }

  async listCheckpoints(): Promise<StoredCheckpoint[]> {
    const rows = await this.db.selectFrom('audit_checkpoints').selectAll().orderBy('size').orderBy('time').execute();
    return rows.map((r) => ({ size: num(r.size), time: r.time, note: r.note }));
  }

  async redactBefore(before: string, belowIndex?: number): Promise<number> {
    let q = this.db.updateTable('audit_leaves').set({ payload: null }).where('time', '<', before).where('payload', 'is not', null);
    if (belowIndex !== undefined) q = q.where('seq', '<', belowIndex);
    const r = await q.executeTakeFirst();
    return num(r.numUpdatedRows);
  }
}
