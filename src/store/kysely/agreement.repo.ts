import type { Kysely, Selectable } from 'kysely';
import type { Agreement } from '../../domain/workflow.ts';
import type { AgreementStore } from '../workflow.store.ts';
import type { AgreementsTable, Database } from './schema.ts';
import { mapped } from './db-errors.ts';
import { json, parse } from './codec.ts';

const toAgreement = (r: Selectable<AgreementsTable>): Agreement => ({
  id: r.id, ownerAgencyId: r.owner_agency_id, requesterAgencyId: r.requester_agency_id, galleryIds: parse(r.gallery_ids), purposes: parse(r.purposes),
  validFrom: r.valid_from, validUntil: r.valid_until, maxCandidates: Number(r.max_candidates), showImages: Number(r.show_images) === 1,
  reference: r.reference, createdBy: r.created_by, createdAt: r.created_at, revokedAt: r.revoked_at, revokedBy: r.revoked_by,
});

export class AgreementRepo implements AgreementStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(a: Agreement) {
    await mapped(this.db.insertInto('agreements').values({
      id: a.id, owner_agency_id: a.ownerAgencyId, requester_agency_id: a.requesterAgencyId, gallery_ids: json(a.galleryIds), purposes: json(a.purposes),
      valid_from: a.validFrom, valid_until: a.validUntil, max_candidates: a.maxCandidates, show_images: a.showImages ? 1 : 0, reference: a.reference,
      created_by: a.createdBy, created_at: a.createdAt, revoked_at: a.revokedAt, revoked_by: a.revokedBy,
    }).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toAgreement(r);
  }

  async listForAgency(agencyId: string) {
    const rows = await this.db.selectFrom('agreements').selectAll()
      .where((eb) => eb.or([eb('owner_agency_id', '=', agencyId), eb('requester_agency_id', '=', agencyId)]))
      .orderBy('created_at').orderBy('id').execute();
    return rows.map(toAgreement);
  }

  async listForRequester(requesterAgencyId: string) {
    return (await this.db.selectFrom('agreements').selectAll().where('requester_agency_id', '=', requesterAgencyId).orderBy('created_at').execute()).map(toAgreement);
  }

  async revoke(id: string, at: string, by: string) {
    await this.db.updateTable('agreements').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    return this.get(id);
  }
}
