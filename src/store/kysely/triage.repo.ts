import type { Kysely } from 'kysely';
import type { TriageFileResult, TriageRun } from '../../domain/media.ts';
import type { TriageStore } from '../media.store.ts';
import type { Database } from './schema.ts';
import { mapped } from './db-errors.ts';
import { json, parse } from './codec.ts';
import { chunks } from './media.repo.ts';

export class TriageRepo implements TriageStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertRun(run: TriageRun, results: TriageFileResult[]): Promise<void> {
    await mapped(this.db.insertInto('triage_runs').values({
      id: run.id, agency_id: run.agencyId, user_id: run.userId, case_ref: run.caseRef, gallery_id: run.galleryId, counts: json(run.counts), created_at: run.createdAt, finished_at: run.finishedAt,
    }).execute());
    for (const part of chunks(results)) {
      await mapped(this.db.insertInto('triage_results').values(part.map((r) => ({
        run_id: run.id, seq: r.seq, file_name: r.file, verdict: r.verdict, sha256: r.sha256, cluster: r.cluster, error_code: r.error?.code ?? null, media_item_id: r.mediaItemId, result: json(r),
      }))).execute());
    }
  }

  async getRun(id: string): Promise<TriageRun | undefined> {
    const r = await this.db.selectFrom('triage_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { id: r.id, agencyId: r.agency_id, userId: r.user_id, caseRef: r.case_ref, galleryId: r.gallery_id, counts: parse(r.counts), createdAt: r.created_at, finishedAt: r.finished_at };
  }

  async results(runId: string): Promise<TriageFileResult[]> {
    const rows = await this.db.selectFrom('triage_results').select('result').where('run_id', '=', runId).orderBy('seq').execute();
    return rows.map((r) => parse<TriageFileResult>(r.result));
  }
}
