import type { Kysely, Selectable } from 'kysely';
import type { HashSet, HashSetEntry } from '../../domain/media.ts';
import type { HashSetHit, HashSetStore } from '../media.store.ts';
import type { Database, HashSetEntriesTable, HashSetsTable } from './schema.ts';
import { mapped } from './db-errors.ts';
import { chunks } from './media.repo.ts';

const toEntry = (r: Selectable<HashSetEntriesTable>): HashSetHit => ({
  hashSetId: r.hash_set_id, md5: r.md5, sha1: r.sha1, sha256: r.sha256, pdq: r.pdq, ...(r.audio ? { audio: JSON.parse(r.audio) } : {}), category: r.category, name: r.name, sourceId: r.source_id,
});

export class HashSetRepo implements HashSetStore {
  constructor(private readonly db: Kysely<Database>) {}

  private async withCount(r: Selectable<HashSetsTable>): Promise<HashSet> {
    const c = await this.db.selectFrom('hash_set_entries').select((eb) => eb.fn.countAll().as('n')).where('hash_set_id', '=', r.id).executeTakeFirstOrThrow();
    return { id: r.id, agencyId: r.agency_id, name: r.name, source: r.source, categoryScheme: r.category_scheme, entryCount: Number(c.n), createdAt: r.created_at };
  }

  async insert(s: Omit<HashSet, 'entryCount'>): Promise<void> {
    await mapped(this.db.insertInto('hash_sets').values({ id: s.id, agency_id: s.agencyId, name: s.name, source: s.source, category_scheme: s.categoryScheme, created_at: s.createdAt }).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('hash_sets').selectAll().where('id', '=', id).executeTakeFirst();
    return r && this.withCount(r);
  }

  async getByName(agencyId: string, name: string) {
    const r = await this.db.selectFrom('hash_sets').selectAll().where('agency_id', '=', agencyId).where('name', '=', name).executeTakeFirst();
    return r && this.withCount(r);
  }

  async listByAgency(agencyId: string) {
    const rows = await this.db.selectFrom('hash_sets').selectAll().where('agency_id', '=', agencyId).orderBy('created_at').orderBy('id').execute();
    return Promise.all(rows.map((r) => this.withCount(r)));
  }

  async addEntries(hashSetId: string, entries: HashSetEntry[]): Promise<void> {
    const last = await this.db.selectFrom('hash_set_entries').select((eb) => eb.fn.max('seq').as('m')).where('hash_set_id', '=', hashSetId).executeTakeFirst();
    let seq = last?.m === null || last?.m === undefined ? 0 : Number(last.m) + 1;
    for (const part of chunks(entries)) {
      await mapped(this.db.insertInto('hash_set_entries').values(part.map((e) => ({
        hash_set_id: hashSetId, seq: seq++, md5: e.md5, sha1: e.sha1, sha256: e.sha256, pdq: e.pdq, audio: e.audio ? JSON.stringify({ durationSeconds: e.audio.durationSeconds, fingerprint: e.audio.fingerprint }) : null, category: e.category, name: e.name, source_id: e.sourceId,
      }))).execute());
    }
  }

  async entries(hashSetId: string): Promise<HashSetEntry[]> {
    const rows = await this.db.selectFrom('hash_set_entries').selectAll().where('hash_set_id', '=', hashSetId).orderBy('seq').execute();
    return rows.map((r) => { const { hashSetId: _, ...e } = toEntry(r); return e; });
  }

  async findDigests(hashSetIds: string[], d: { md5: string[]; sha1: string[]; sha256: string[] }) {
    if (hashSetIds.length === 0) return [];
    const out: HashSetHit[] = [];
    for (const col of ['md5', 'sha1', 'sha256'] as const) {
      for (const part of chunks(d[col])) {
        const rows = await this.db.selectFrom('hash_set_entries').selectAll().where('hash_set_id', 'in', hashSetIds).where(col, 'in', part).orderBy('hash_set_id').orderBy('seq').execute();
        out.push(...rows.map(toEntry));
      }
    }
    return out;
  }

  async pdqEntries(hashSetIds: string[]) {
    if (hashSetIds.length === 0) return [];
    const rows = await this.db.selectFrom('hash_set_entries').selectAll().where('hash_set_id', 'in', hashSetIds).where('pdq', 'is not', null).orderBy('hash_set_id').orderBy('seq').execute();
    return rows.map(toEntry);
  }

  async audioEntries(hashSetIds: string[]) {
    if (hashSetIds.length === 0) return [];
    const rows = await this.db.selectFrom('hash_set_entries').selectAll().where('hash_set_id', 'in', hashSetIds).where('audio', 'is not', null).orderBy('hash_set_id').orderBy('seq').execute();
    return rows.map(toEntry);
  }
}
