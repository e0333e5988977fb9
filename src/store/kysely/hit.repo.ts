import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Disclosure, DisclosureState, Hit, HitState, Notification, Review, ReviewDecision, SearchMode, SearchRecord } from '../../domain/workflow.ts';
import type { DisclosureStore, HitStore, NotificationStore, ReviewStore, SearchStore } from '../workflow.store.ts';
import type { Database, DisclosuresTable, HitsTable, SearchesTable } from './schema.ts';
import { mapped } from './db-errors.ts';
import { json, parse } from './codec.ts';
import { toDisagreementRule } from './rows.ts';
import { EntityRepo } from './entity-repo.ts';

const toSearch = (r: Selectable<SearchesTable>): SearchRecord => ({
  id: r.id, kind: r.kind as SearchRecord['kind'], agencyId: r.agency_id, userId: r.user_id, purpose: r.purpose, caseRef: r.case_ref,
  authorisationRef: r.authorisation_ref, mode: r.mode as SearchMode, galleryIds: parse(r.gallery_ids), probeCommitment: r.probe_commitment,
  sealedProbe: r.probe_image, probeKey: r.probe_key, result: parse(r.result), createdAt: r.created_at,
});

export class SearchRepo implements SearchStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: SearchRecord) {
    await mapped(this.db.insertInto('searches').values({
      id: s.id, kind: s.kind, agency_id: s.agencyId, user_id: s.userId, purpose: s.purpose, case_ref: s.caseRef, authorisation_ref: s.authorisationRef,
      mode: s.mode, gallery_ids: json(s.galleryIds), probe_commitment: s.probeCommitment, probe_image: s.sealedProbe, probe_key: s.probeKey,
      result: json(s.result), created_at: s.createdAt,
    }).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('searches').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toSearch(r);
  }
}

const toHit = (r: Selectable<HitsTable>): Hit => ({
  id: r.id, searchId: r.search_id, galleryId: r.gallery_id, subjectId: r.subject_id, sampleId: r.sample_id, ownerAgencyId: r.owner_agency_id,
  requesterAgencyId: r.requester_agency_id, agreementId: r.agreement_id, score: Number(r.score), fmr: Number(r.fmr), rank: Number(r.rank),
  aboveThreshold: Number(r.above_threshold) === 1, state: r.state as HitState, reviewsRequired: Number(r.reviews_required) === 1 ? 1 : 2,
  onDisagreement: toDisagreementRule(r.on_disagreement), createdAt: r.created_at, decidedAt: r.decided_at,
});

export class HitRepo implements HitStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(hits: Hit[]) {
    if (hits.length === 0) return;
    await mapped(this.db.insertInto('hits').values(hits.map((h) => ({
      id: h.id, search_id: h.searchId, gallery_id: h.galleryId, subject_id: h.subjectId, sample_id: h.sampleId, owner_agency_id: h.ownerAgencyId,
      requester_agency_id: h.requesterAgencyId, agreement_id: h.agreementId, score: h.score, fmr: h.fmr, rank: h.rank,
      above_threshold: h.aboveThreshold ? 1 : 0, state: h.state, reviews_required: h.reviewsRequired, on_disagreement: h.onDisagreement, created_at: h.createdAt, decided_at: h.decidedAt,
    }))).execute());
  }

  async get(id: string) {
    const r = await this.db.selectFrom('hits').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toHit(r);
  }

  async lock(id: string) {
    // A write to the row takes its lock on PostgreSQL (SQLite has one writer at a time already).
    await this.db.updateTable('hits').set({ state: sql<string>`state` }).where('id', '=', id).execute();
    return this.get(id);
  }

  async listForRequester(agencyId: string, state?: HitState) {
    let q = this.db.selectFrom('hits').selectAll().where('requester_agency_id', '=', agencyId);
    if (state) q = q.where('state', '=', state);
    return (await q.orderBy('created_at').orderBy('rank').execute()).map(toHit);
  }

  async listBySearch(searchId: string) {
    return (await this.db.selectFrom('hits').selectAll().where('search_id', '=', searchId).orderBy('gallery_id').orderBy('rank').execute()).map(toHit);
  }

  async decide(id: string, state: Exclude<HitState, 'pending'>, at: string) {
    const r = await this.db.updateTable('hits').set({ state, decided_at: at }).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async listBySubject(subjectId: string) {
    return (await this.db.selectFrom('hits').selectAll().where('subject_id', '=', subjectId).execute()).map(toHit);
  }
}

export class ReviewRepo implements ReviewStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(r: Review) {
    await mapped(this.db.insertInto('hit_reviews').values({ id: r.id, hit_id: r.hitId, examiner_id: r.examinerId, decision: r.decision, note: r.note,
      below_threshold: r.belowThresholdAcknowledged ? 1 : 0, created_at: r.createdAt }).execute());
  }

  async listByHit(hitId: string): Promise<Review[]> {
    const rows = await this.db.selectFrom('hit_reviews').selectAll().where('hit_id', '=', hitId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, hitId: r.hit_id, examinerId: r.examiner_id, decision: r.decision as ReviewDecision, note: r.note,
      belowThresholdAcknowledged: Number(r.below_threshold) === 1, createdAt: r.created_at }));
  }
}

const toDisclosure = (r: Selectable<DisclosuresTable>): Disclosure => ({
  id: r.id, hitId: r.hit_id, requesterAgencyId: r.requester_agency_id, ownerAgencyId: r.owner_agency_id, subjectId: r.subject_id, caseRef: r.case_ref,
  justification: r.justification, state: r.state as DisclosureState, requestedBy: r.requested_by, createdAt: r.created_at,
  decidedBy: r.decided_by, decidedAt: r.decided_at, decisionNote: r.decision_note,
});

const fromDisclosure = (d: Disclosure): Insertable<DisclosuresTable> => ({
  id: d.id, hit_id: d.hitId, requester_agency_id: d.requesterAgencyId, owner_agency_id: d.ownerAgencyId, subject_id: d.subjectId, case_ref: d.caseRef,
  justification: d.justification, state: d.state, requested_by: d.requestedBy, created_at: d.createdAt, decided_by: d.decidedBy, decided_at: d.decidedAt,
  decision_note: d.decisionNote,
});

export class DisclosureRepo extends EntityRepo<Disclosure> implements DisclosureStore {
  constructor(db: Kysely<Database>) {
    super(db, 'disclosures', fromDisclosure, toDisclosure);
  }

  async listByHit(hitId: string) {
    return (await this.db.selectFrom('disclosures').selectAll().where('hit_id', '=', hitId).orderBy('created_at').execute()).map(toDisclosure);
  }

  async listForAgency(agencyId: string) {
    const rows = await this.db.selectFrom('disclosures').selectAll()
      .where((eb) => eb.or([eb('owner_agency_id', '=', agencyId), eb('requester_agency_id', '=', agencyId)]))
      .orderBy('created_at').orderBy('id').execute();
    return rows.map(toDisclosure);
  }

  async decide(id: string, state: Exclude<DisclosureState, 'pending'>, by: string, at: string, note: string) {
    const r = await this.db.updateTable('disclosures').set({ state, decided_by: by, decided_at: at, decision_note: note })
      .where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

export class NotificationRepo implements NotificationStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(n: Notification) {
    await this.db.insertInto('notifications').values({ id: n.id, agency_id: n.agencyId, kind: n.kind, payload: json(n.payload), created_at: n.createdAt, read_at: n.readAt }).execute();
  }

  async listForAgency(agencyId: string, unreadOnly: boolean) {
    let q = this.db.selectFrom('notifications').selectAll().where('agency_id', '=', agencyId);
    if (unreadOnly) q = q.where('read_at', 'is', null);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, agencyId: r.agency_id, kind: r.kind, payload: parse<Record<string, unknown>>(r.payload), createdAt: r.created_at, readAt: r.read_at }));
  }

  async markRead(id: string, agencyId: string, at: string) {
    // The first read time stays; the row count says whether the agency has this notification at all.
    const r = await this.db.updateTable('notifications').set({ read_at: sql<string>`coalesce(read_at, ${at})` }).where('id', '=', id).where('agency_id', '=', agencyId).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
