import type { Kysely, Selectable } from 'kysely';
import type { NoticeHit, NoticeRecipient, NoticeRecipientState, NoticeSource, PersonNotice, PersonNoticeState } from '../../domain/person-notice.ts';
import type { PersonNoticeStore } from '../person-notice.store.ts';
import type { Database, PersonNoticeRecipientsTable, PersonNoticesTable } from './schema.ts';
import { mapped } from './db-errors.ts';
import { json, parse } from './codec.ts';

const toNotice = (r: Selectable<PersonNoticesTable>): PersonNotice => ({
  id: r.id, issuerAgencyId: r.issuer_agency_id, purpose: r.purpose, legalBasis: r.legal_basis, caseRef: r.case_ref, description: r.description,
  recipientMode: r.recipient_mode as PersonNotice['recipientMode'], recipientAgencyIds: parse(r.recipient_agency_ids), validUntil: r.valid_until,
  state: r.state as PersonNoticeState, source: parse<NoticeSource>(r.source), sealedProbe: r.sealed_probe, probeKey: r.probe_key,
  createdBy: r.created_by, createdAt: r.created_at, approvedBy: r.approved_by, approvedAt: r.approved_at, endedBy: r.ended_by, endedAt: r.ended_at,
});

const toRecipient = (r: Selectable<PersonNoticeRecipientsTable>): NoticeRecipient => ({
  noticeId: r.notice_id, agencyId: r.agency_id, state: r.state as NoticeRecipientState, galleryIds: parse(r.gallery_ids), reason: r.reason,
  decidedBy: r.decided_by, decidedAt: r.decided_at, sealedTemplates: parse(r.sealed_templates), searchId: r.search_id, createdAt: r.created_at,
});

const toHit = (r: { id: string; notice_id: string; agency_id: string; hit_id: string; created_at: string }): NoticeHit => ({
  id: r.id, noticeId: r.notice_id, agencyId: r.agency_id, hitId: r.hit_id, createdAt: r.created_at,
});

// Recipient columns prefixed so that one join returns notice and recipient rows apart.
const recipientColumns = ['r.notice_id', 'r.agency_id', 'r.state as r_state', 'r.gallery_ids', 'r.reason', 'r.decided_by', 'r.decided_at', 'r.sealed_templates', 'r.search_id', 'r.created_at as r_created_at'] as const;

export class PersonNoticeRepo implements PersonNoticeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(n: PersonNotice) {
    await mapped(this.db.insertInto('person_notices').values({
      id: n.id, issuer_agency_id: n.issuerAgencyId, purpose: n.purpose, legal_basis: n.legalBasis, case_ref: n.caseRef, description: n.description,
      recipient_mode: n.recipientMode, recipient_agency_ids: json(n.recipientAgencyIds), valid_until: n.validUntil, state: n.state, source: json(n.source),
      sealed_probe: n.sealedProbe, probe_key: n.probeKey, created_by: n.createdBy, created_at: n.createdAt, approved_by: n.approvedBy, approved_at: n.approvedAt,
      ended_by: n.endedBy, ended_at: n.endedAt,
    }).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('person_notices').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toNotice(r);
  }

  async listByIssuer(agencyId: string) {
    return (await this.db.selectFrom('person_notices').selectAll().where('issuer_agency_id', '=', agencyId).orderBy('created_at', 'desc').orderBy('id').execute()).map(toNotice);
  }

  async transition(id: string, from: PersonNoticeState, to: PersonNoticeState, patch: Partial<Pick<PersonNotice, 'approvedBy' | 'approvedAt' | 'endedBy' | 'endedAt' | 'recipientAgencyIds'>>) {
    const r = await this.db.updateTable('person_notices').set({
      state: to,
      ...(patch.approvedBy !== undefined ? { approved_by: patch.approvedBy } : {}),
      ...(patch.approvedAt !== undefined ? { approved_at: patch.approvedAt } : {}),
      ...(patch.endedBy !== undefined ? { ended_by: patch.endedBy } : {}),
      ...(patch.endedAt !== undefined ? { ended_at: patch.endedAt } : {}),
      ...(patch.recipientAgencyIds !== undefined ? { recipient_agency_ids: json(patch.recipientAgencyIds) } : {}),
    }).where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async destroyProbe(id: string) {
    await this.db.updateTable('person_notices').set({ sealed_probe: null, probe_key: null }).where('id', '=', id).execute();
    await this.db.updateTable('person_notice_recipients').set({ sealed_templates: '{}' }).where('notice_id', '=', id).execute();
    // The recipients' search records keep a sealed copy of the probe for their examiners: it goes too.
    const searches = this.db.selectFrom('person_notice_recipients').select('search_id').where('notice_id', '=', id).where('search_id', 'is not', null);
    await this.db.updateTable('searches').set({ probe_image: null, probe_key: null }).where('id', 'in', searches).execute();
  }

  async listExpired(now: string) {
    return (await this.db.selectFrom('person_notices').selectAll().where('state', '=', 'circulated').where('valid_until', '<=', now).execute()).map(toNotice);
  }

  async insertRecipients(rows: NoticeRecipient[]) {
    if (rows.length === 0) return;
    await mapped(this.db.insertInto('person_notice_recipients').values(rows.map((r) => ({
      notice_id: r.noticeId, agency_id: r.agencyId, state: r.state, gallery_ids: json(r.galleryIds), reason: r.reason, decided_by: r.decidedBy,
      decided_at: r.decidedAt, sealed_templates: json(r.sealedTemplates), search_id: r.searchId, created_at: r.createdAt,
    }))).execute());
  }

  async recipient(noticeId: string, agencyId: string) {
    const r = await this.db.selectFrom('person_notice_recipients').selectAll().where('notice_id', '=', noticeId).where('agency_id', '=', agencyId).executeTakeFirst();
    return r && toRecipient(r);
  }

  async recipients(noticeId: string) {
    return (await this.db.selectFrom('person_notice_recipients').selectAll().where('notice_id', '=', noticeId).orderBy('agency_id').execute()).map(toRecipient);
  }

  async inbox(agencyId: string) {
    const rows = await this.db.selectFrom('person_notice_recipients as r').innerJoin('person_notices as n', 'n.id', 'r.notice_id')
      .selectAll('n').select(recipientColumns).where('r.agency_id', '=', agencyId).orderBy('n.created_at', 'desc').orderBy('n.id').execute();
    return rows.map(joined);
  }

  async answer(noticeId: string, agencyId: string, p: Pick<NoticeRecipient, 'state' | 'galleryIds' | 'reason' | 'decidedBy' | 'decidedAt' | 'sealedTemplates' | 'searchId'>) {
    const r = await this.db.updateTable('person_notice_recipients').set({
      state: p.state, gallery_ids: json(p.galleryIds), reason: p.reason, decided_by: p.decidedBy, decided_at: p.decidedAt, sealed_templates: json(p.sealedTemplates), search_id: p.searchId,
    }).where('notice_id', '=', noticeId).where('agency_id', '=', agencyId).where('state', '=', 'received').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async standing(galleryId: string, now: string) {
    const rows = await this.db.selectFrom('person_notice_recipients as r').innerJoin('person_notices as n', 'n.id', 'r.notice_id')
      .selectAll('n').select(recipientColumns)
      .where('r.state', '=', 'accepted').where('n.state', '=', 'circulated').where('n.valid_until', '>', now)
      .where('r.gallery_ids', 'like', `%${JSON.stringify(galleryId)}%`).execute();
    return rows.map(joined).filter((x) => x.recipient.galleryIds.includes(galleryId));
  }

  async insertHits(rows: NoticeHit[]) {
    if (rows.length === 0) return;
    await mapped(this.db.insertInto('person_notice_hits').values(rows.map((h) => ({ id: h.id, notice_id: h.noticeId, agency_id: h.agencyId, hit_id: h.hitId, created_at: h.createdAt }))).execute());
  }

  async hits(noticeId: string) {
    return (await this.db.selectFrom('person_notice_hits').selectAll().where('notice_id', '=', noticeId).orderBy('created_at').orderBy('id').execute()).map(toHit);
  }

  async hitByHitId(hitId: string) {
    const r = await this.db.selectFrom('person_notice_hits').selectAll().where('hit_id', '=', hitId).executeTakeFirst();
    return r && toHit(r);
  }

  async hitById(id: string) {
    const r = await this.db.selectFrom('person_notice_hits').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toHit(r);
  }

  async acceptingAgencies(purpose: string) {
    return (await this.db.selectFrom('notice_purposes').select('agency_id').where('purpose', '=', purpose).orderBy('agency_id').execute()).map((r) => r.agency_id);
  }

  async acceptedPurposes(agencyId: string) {
    return (await this.db.selectFrom('notice_purposes').select('purpose').where('agency_id', '=', agencyId).orderBy('purpose').execute()).map((r) => r.purpose);
  }

  async setAcceptedPurposes(agencyId: string, purposes: string[]) {
    await this.db.deleteFrom('notice_purposes').where('agency_id', '=', agencyId).execute();
    if (purposes.length > 0) await this.db.insertInto('notice_purposes').values(purposes.map((purpose) => ({ agency_id: agencyId, purpose }))).execute();
  }
}

type JoinedRow = Selectable<PersonNoticesTable> & { notice_id: string; agency_id: string; r_state: string; gallery_ids: string; reason: string | null; decided_by: string | null; decided_at: string | null; sealed_templates: string; search_id: string | null; r_created_at: string };

function joined(row: JoinedRow): { notice: PersonNotice; recipient: NoticeRecipient } {
  return {
    notice: toNotice(row),
    recipient: toRecipient({ notice_id: row.notice_id, agency_id: row.agency_id, state: row.r_state, gallery_ids: row.gallery_ids, reason: row.reason, decided_by: row.decided_by, decided_at: row.decided_at, sealed_templates: row.sealed_templates, search_id: row.search_id, created_at: row.r_created_at }),
  };
}
