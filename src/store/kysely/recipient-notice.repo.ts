import type { Kysely, Selectable } from 'kysely';
import type { RecipientNotice, RecipientNoticeKind } from '../../domain/recipient-notice.ts';
import type { RecipientNoticeStore } from '../recipient-notice.store.ts';
import type { Database, RecipientNoticesTable } from './schema.ts';
import { mapped } from './db-errors.ts';
import { json, parse } from './codec.ts';

const toNotice = (r: Selectable<RecipientNoticesTable>): RecipientNotice => ({
  id: r.id, kind: r.kind as RecipientNoticeKind, ownerAgencyId: r.owner_agency_id, recipientAgencyId: r.recipient_agency_id, subjectId: r.subject_id,
  objectionId: r.objection_id, disclosureIds: parse(r.disclosure_ids), hitIds: parse(r.hit_ids), caseRefs: parse(r.case_refs), createdAt: r.created_at,
  createdBy: r.created_by, acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by, liftedAt: r.lifted_at,
});

export class RecipientNoticeRepo implements RecipientNoticeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(n: RecipientNotice) {
    await mapped(this.db.insertInto('recipient_notices').values({
      id: n.id, kind: n.kind, owner_agency_id: n.ownerAgencyId, recipient_agency_id: n.recipientAgencyId, subject_id: n.subjectId, objection_id: n.objectionId,
      disclosure_ids: json(n.disclosureIds), hit_ids: json(n.hitIds), case_refs: json(n.caseRefs), created_at: n.createdAt, created_by: n.createdBy,
      acknowledged_at: n.acknowledgedAt, acknowledged_by: n.acknowledgedBy, lifted_at: n.liftedAt,
    }).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('recipient_notices').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toNotice(r);
  }

  async listForAgency(agencyId: string, options: { open?: boolean } = {}) {
    let q = this.db.selectFrom('recipient_notices').selectAll()
      .where((eb) => eb.or([eb('owner_agency_id', '=', agencyId), eb('recipient_agency_id', '=', agencyId)]));
    if (options.open) q = q.where('acknowledged_at', 'is', null);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(toNotice);
  }

  async acknowledge(id: string, recipientAgencyId: string, by: string, at: string) {
    const r = await this.db.updateTable('recipient_notices').set({ acknowledged_at: at, acknowledged_by: by })
      .where('id', '=', id).where('recipient_agency_id', '=', recipientAgencyId).where('acknowledged_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async restricted(recipientAgencyId: string, subjectId: string) {
    const r = await this.db.selectFrom('recipient_notices').select('id')
      .where('recipient_agency_id', '=', recipientAgencyId).where('subject_id', '=', subjectId).where('kind', '=', 'restriction').where('lifted_at', 'is', null)
      .executeTakeFirst();
    return r !== undefined;
  }

  async liftByObjection(objectionId: string, at: string) {
    const open = await this.db.selectFrom('recipient_notices').selectAll().where('objection_id', '=', objectionId).where('lifted_at', 'is', null).execute();
    if (open.length === 0) return [];
    await this.db.updateTable('recipient_notices').set({ lifted_at: at }).where('objection_id', '=', objectionId).where('lifted_at', 'is', null).execute();
    return open.map((r) => ({ ...toNotice(r), liftedAt: at }));
  }
}
