import type { Kysely, Selectable } from 'kysely';
import type { ReembedFailure, ReembedJob, ReembedState, ReembedStore } from '../reembed.store.ts';
import type { Database, ReembedJobsTable } from './schema.ts';
import { mapped } from './db-errors.ts';
import { fail } from '../../domain/errors.ts';

const toJob = (r: Selectable<ReembedJobsTable>): ReembedJob => ({
  galleryId: r.gallery_id, fromModelId: r.from_model_id, modelId: r.model_id, state: r.state as ReembedState, cursor: r.cursor,
  total: Number(r.total), done: Number(r.done), failed: JSON.parse(r.failed) as ReembedFailure[], startedBy: r.started_by, startedAt: r.started_at, finishedAt: r.finished_at,
});

export class ReembedRepo implements ReembedStore {
  constructor(private readonly db: Kysely<Database>, private readonly dialect: 'sqlite' | 'postgres' = 'sqlite') {}

  async start(j: ReembedJob) {
    const old = await this.get(j.galleryId);
    if (old?.state === 'running') fail('ABG_ERR_REEMBED_RUNNING', `Gallery ${j.galleryId}.`);
    await this.db.deleteFrom('reembed_jobs').where('gallery_id', '=', j.galleryId).execute();
    await this.db.deleteFrom('reembed_templates').where('gallery_id', '=', j.galleryId).execute();
    await mapped(this.db.insertInto('reembed_jobs').values({
      gallery_id: j.galleryId, from_model_id: j.fromModelId, model_id: j.modelId, state: j.state, cursor: j.cursor, total: j.total, done: j.done,
      failed: JSON.stringify(j.failed), started_by: j.startedBy, started_at: j.startedAt, finished_at: j.finishedAt,
    }).execute());
  }

  async get(galleryId: string) {
    const r = await this.db.selectFrom('reembed_jobs').selectAll().where('gallery_id', '=', galleryId).executeTakeFirst();
    return r && toJob(r);
  }

  async running() {
    return (await this.db.selectFrom('reembed_jobs').selectAll().where('state', '=', 'running').orderBy('started_at').execute()).map(toJob);
  }

  async pending(galleryId: string, afterId: string | null, limit: number) {
    let q = this.db.selectFrom('samples').select(['id', 'subject_id', 'image']).where('gallery_id', '=', galleryId)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('reembed_templates').select('sample_id').whereRef('reembed_templates.sample_id', '=', 'samples.id'))));
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, subjectId: r.subject_id, sealedImage: r.image }));
  }

  async recordBatch(galleryId: string, modelId: string, templates: { sampleId: string; sealedTemplate: string }[], cursor: string | null, failed: ReembedFailure[]) {
    const rows = await this.stillStored(templates);
    if (rows.length > 0) {
      await mapped(this.db.insertInto('reembed_templates').values(rows.map((t) => ({ sample_id: t.sampleId, gallery_id: galleryId, model_id: modelId, template: t.sealedTemplate }))).execute());
    }
    const job = await this.get(galleryId);
    if (!job || job.state !== 'running') fail('ABG_ERR_CONFLICT', `No running re-embedding of gallery ${galleryId}.`);
    await this.db.updateTable('reembed_jobs').set({ cursor, done: job.done + rows.length, failed: JSON.stringify([...job.failed, ...failed]) }).where('gallery_id', '=', galleryId).execute();
  }

  /** The templates whose samples were not erased since they were read; on PostgreSQL the share lock makes an erasure wait for this batch, whose templates it then deletes. */
  private async stillStored<T extends { sampleId: string }>(templates: T[]): Promise<T[]> {
    if (templates.length === 0) return [];
    let q = this.db.selectFrom('samples').select('id').where('id', 'in', templates.map((t) => t.sampleId));
    if (this.dialect === 'postgres') q = q.forShare();
    const kept = new Set((await q.execute()).map((r) => r.id));
    return templates.filter((t) => kept.has(t.sampleId));
  }

  async missing(galleryId: string) {
    const r = await this.db.selectFrom('samples').select((eb) => eb.fn.countAll().as('n')).where('gallery_id', '=', galleryId)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('reembed_templates').select('sample_id').whereRef('reembed_templates.sample_id', '=', 'samples.id'))))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async switchModel(galleryId: string, modelId: string, at: string) {
    const ids = (await this.db.selectFrom('samples').select('id').where('gallery_id', '=', galleryId).orderBy('id').execute()).map((r) => r.id);
    await this.db.updateTable('samples')
      .set((eb) => ({ model_id: modelId, template: eb.selectFrom('reembed_templates').select('template').whereRef('reembed_templates.sample_id', '=', 'samples.id') }))
      .where('gallery_id', '=', galleryId).execute();
    await this.db.updateTable('galleries').set({ model_id: modelId }).where('id', '=', galleryId).execute();
    await this.db.deleteFrom('reembed_templates').where('gallery_id', '=', galleryId).execute();
    // Samples erased during the job are neither done nor to do: the counts say what moved.
    await this.db.updateTable('reembed_jobs').set({ state: 'switched', cursor: null, finished_at: at, done: ids.length, total: ids.length }).where('gallery_id', '=', galleryId).execute();
    return ids;
  }

  async fail(galleryId: string, failed: ReembedFailure[], at: string) {
    await this.db.deleteFrom('reembed_templates').where('gallery_id', '=', galleryId).execute();
    await this.db.updateTable('reembed_jobs').set({ state: 'failed', failed: JSON.stringify(failed), finished_at: at }).where('gallery_id', '=', galleryId).execute();
  }
}
