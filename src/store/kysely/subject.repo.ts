import { sql, type Kysely, type Selectable } from 'kysely';
import { AUDIT_LOCK_KEY } from './audit.repo.ts';
import type { ChangeNotices } from './change-notices.ts';
import type { Provenance, Sample, Subject } from '../../domain/workflow.ts';
import type { IndexChange, IndexChangeStore, SampleStore, SubjectStore } from '../workflow.store.ts';
import type { Database, SamplesTable, SubjectsTable } from './schema.ts';
import { mapped } from './db-errors.ts';
import { decodeTemplate, json, parse } from './codec.ts';

const toSubject = (r: Selectable<SubjectsTable>): Subject => ({
  id: r.id, galleryId: r.gallery_id, ref: r.ref, sealedCoreData: r.core_data, createdAt: r.created_at, erasedAt: r.erased_at, erasureReason: r.erasure_reason,
});

export class SubjectRepo implements SubjectStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: Subject, wrappedKey: string): Promise<void> {
    await mapped(this.db.insertInto('subjects').values({
      id: s.id, gallery_id: s.galleryId, ref: s.ref, core_data: s.sealedCoreData, created_at: s.createdAt, erased_at: s.erasedAt, erasure_reason: s.erasureReason,
    }).execute());
    await mapped(this.db.insertInto('subject_keys').values({ subject_id: s.id, wrapped_key: wrappedKey }).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('subjects').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toSubject(r);
  }

  async getByRef(galleryId: string, ref: string) {
    const r = await this.db.selectFrom('subjects').selectAll().where('gallery_id', '=', galleryId).where('ref', '=', ref).executeTakeFirst();
    return r && toSubject(r);
  }

  async listByGallery(galleryId: string, o: { includeErased?: boolean; limit?: number; offset?: number } = {}) {
    let q = this.db.selectFrom('subjects').selectAll().where('gallery_id', '=', galleryId);
    if (!o.includeErased) q = q.where('erased_at', 'is', null);
    return (await q.orderBy('created_at').orderBy('id').limit(o.limit ?? 1000).offset(o.offset ?? 0).execute()).map(toSubject);
  }

  async wrappedKey(subjectId: string) {
    const r = await this.db.selectFrom('subject_keys').select('wrapped_key').where('subject_id', '=', subjectId).executeTakeFirst();
    return r?.wrapped_key;
  }

  async listExpired(galleryId: string, before: string) {
    return (await this.db.selectFrom('subjects').selectAll().where('gallery_id', '=', galleryId).where('erased_at', 'is', null).where('created_at', '<', before).execute()).map(toSubject);
  }

  async markErased(id: string, at: string, reason: string) {
    await this.db.deleteFrom('subject_keys').where('subject_id', '=', id).execute();
    await this.db.updateTable('subjects').set({ core_data: null, erased_at: at, erasure_reason: reason }).where('id', '=', id).execute();
  }
}

const toSample = (r: Selectable<SamplesTable>): Sample => ({
  id: r.id, subjectId: r.subject_id, galleryId: r.gallery_id,
  provenance: { source: r.source, captureDate: r.capture_date, legalBasis: r.legal_basis },
  sealedFileName: r.file_name, quality: parse(r.quality), modelId: r.model_id, sealedTemplate: r.template, sealedImage: r.image, createdAt: r.created_at,
});

export class SampleRepo implements SampleStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: Sample) {
    await mapped(this.db.insertInto('samples').values({
      id: s.id, subject_id: s.subjectId, gallery_id: s.galleryId, source: s.provenance.source, capture_date: s.provenance.captureDate,
      legal_basis: s.provenance.legalBasis, file_name: s.sealedFileName, quality: json(s.quality), model_id: s.modelId,
      template: s.sealedTemplate, image: s.sealedImage, created_at: s.createdAt, sealed: 1,
    }).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('samples').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toSample(r);
  }

  async listBySubject(subjectId: string) {
    return (await this.db.selectFrom('samples').selectAll().where('subject_id', '=', subjectId).orderBy('created_at').orderBy('id').execute()).map(toSample);
  }

  async updateProvenance(id: string, p: Provenance) {
    const r = await this.db.updateTable('samples').set({ source: p.source, capture_date: p.captureDate, legal_basis: p.legalBasis }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async countByGallery(galleryId: string) {
    const r = await this.db.selectFrom('samples').select((eb) => eb.fn.countAll().as('n')).where('gallery_id', '=', galleryId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async subjectsOf(sampleIds: readonly string[]) {
    if (sampleIds.length === 0) return new Map<string, string>();
    const rows = await this.db.selectFrom('samples').select(['id', 'subject_id']).where('id', 'in', [...sampleIds]).execute();
    return new Map(rows.map((r) => [r.id, r.subject_id]));
  }

  async templateOf(id: string) {
    const r = await this.db.selectFrom('samples').select(['model_id', 'gallery_id', 'subject_id', 'template']).where('id', '=', id).executeTakeFirst();
    return r && { modelId: r.model_id, galleryId: r.gallery_id, subjectId: r.subject_id, sealedTemplate: r.template };
  }

  async deleteBySubject(subjectId: string) {
    const ids = (await this.db.selectFrom('samples').select('id').where('subject_id', '=', subjectId).execute()).map((r) => r.id);
    await this.db.deleteFrom('samples').where('subject_id', '=', subjectId).execute();
    // A re-embedding's second template of these samples goes with them.
    if (ids.length > 0) await this.db.deleteFrom('reembed_templates').where('sample_id', 'in', ids).execute();
    return ids;
  }

  async templates(modelId: string, afterId: string | null, limit: number) {
    let q = this.db.selectFrom('samples').select(['id', 'gallery_id', 'subject_id', 'template']).where('model_id', '=', modelId);
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, galleryId: r.gallery_id, subjectId: r.subject_id, sealedTemplate: r.template }));
  }

  async listUnsealed(afterId: string | null, limit: number) {
    let q = this.db.selectFrom('samples').select(['id', 'subject_id', 'file_name', 'template']).where('sealed', '=', 0);
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, subjectId: r.subject_id, fileName: r.file_name, template: decodeTemplate(r.template) }));
  }

  async seal(id: string, sealedFileName: string | null, sealedTemplate: string) {
    const r = await this.db.updateTable('samples').set({ file_name: sealedFileName, template: sealedTemplate, sealed: 1 }).where('id', '=', id).where('sealed', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

export class IndexChangeRepo implements IndexChangeStore {
  constructor(private readonly db: Kysely<Database>, private readonly dialect: 'sqlite' | 'postgres' = 'sqlite', private readonly notices?: ChangeNotices) {}

  async append(op: 'add' | 'remove', sampleId: string, galleryId: string, at: string) {
    // PostgreSQL hands out sequence numbers at insert, not at commit: without a lock held to the
    // commit, a reader could see seq n+1 before n commits and skip n for good. The audit log's lock
    // orders the commits (every such transaction appends to the log too, so no new wait arises).
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(this.db);
    await this.db.insertInto('index_changes').values({ op, sample_id: sampleId, gallery_id: galleryId, at }).execute();
  }

  onChange(listener: () => void): () => void {
    return this.notices?.subscribe(listener) ?? (() => {});
  }

  async since(seq: number, limit: number): Promise<IndexChange[]> {
    const rows = await this.db.selectFrom('index_changes').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), op: r.op as 'add' | 'remove', sampleId: r.sample_id, galleryId: r.gallery_id }));
  }

  async latestSeq() {
    const r = await this.db.selectFrom('index_changes').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }
}
