import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Release, ReleaseKind, ReleasePdq } from '../../domain/release.ts';
import type { ReleaseStore } from '../release.store.ts';
import type { Database, ReleasesTable } from './schema.ts';
import { EntityRepo } from './entity-repo.ts';

const pdqOf = (hash: string | null, quality: number | null): ReleasePdq | null => (hash === null ? null : { hash, quality: Number(quality ?? 0) });

const toRelease = (r: Selectable<ReleasesTable>): Release => ({
  id: r.id, kind: r.kind as ReleaseKind, ownerAgencyId: r.owner_agency_id, recipientAgencyId: r.recipient_agency_id, caseRef: r.case_ref,
  hitId: r.hit_id, galleryId: r.gallery_id, subjectId: r.subject_id, sampleId: r.sample_id, releasedBy: r.released_by, createdAt: r.created_at,
  releasedPdq: pdqOf(r.released_pdq, r.released_pdq_quality), originalPdq: pdqOf(r.original_pdq, r.original_pdq_quality),
  sealedTemplate: r.template, modelId: r.model_id, restrictedAt: r.restricted_at,
});

const fromRelease = (r: Release): Insertable<ReleasesTable> => ({
  id: r.id, kind: r.kind, owner_agency_id: r.ownerAgencyId, recipient_agency_id: r.recipientAgencyId, case_ref: r.caseRef, hit_id: r.hitId,
  gallery_id: r.galleryId, subject_id: r.subjectId, sample_id: r.sampleId, released_by: r.releasedBy, created_at: r.createdAt,
  released_pdq: r.releasedPdq?.hash ?? null, released_pdq_quality: r.releasedPdq?.quality ?? null,
  original_pdq: r.originalPdq?.hash ?? null, original_pdq_quality: r.originalPdq?.quality ?? null,
  template: r.sealedTemplate, model_id: r.modelId, restricted_at: r.restrictedAt,
});

export class ReleaseRepo extends EntityRepo<Release> implements ReleaseStore {
  constructor(db: Kysely<Database>) {
    super(db, 'releases', fromRelease, toRelease);
  }

  async findByHit(hitId: string, kind: ReleaseKind) {
    const r = await this.db.selectFrom('releases').selectAll().where('hit_id', '=', hitId).where('kind', '=', kind).orderBy('created_at').orderBy('id').executeTakeFirst();
    return r && toRelease(r);
  }

  async listNotOwnedBy(agencyId: string) {
    return (await this.db.selectFrom('releases').selectAll().where('owner_agency_id', '<>', agencyId).orderBy('created_at').orderBy('id').execute()).map(toRelease);
  }

  async listBySubject(subjectId: string) {
    return (await this.db.selectFrom('releases').selectAll().where('subject_id', '=', subjectId).orderBy('created_at').orderBy('id').execute()).map(toRelease);
  }

  async version() {
    const r = await this.db.selectFrom('releases')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('restricted_at').as('r'), eb.fn.max('created_at').as('c'), eb.fn.max('restricted_at').as('x')])
      .executeTakeFirstOrThrow();
    return `${Number(r.n)}|${Number(r.r)}|${r.c ?? ''}|${r.x ?? ''}`;
  }

  async restrictBySubject(subjectId: string, at: string) {
    const r = await this.db.updateTable('releases').set({ template: null, restricted_at: at })
      .where('subject_id', '=', subjectId).where('restricted_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
