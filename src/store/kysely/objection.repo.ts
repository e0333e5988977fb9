import type { Kysely, Selectable } from 'kysely';
import type { EvidenceSignal, Objection, ObjectionMatch, ObjectionPurpose, ObjectionRecording } from '../../domain/objection.ts';
import type { ObjectionStore, StoredFaceTemplate } from '../objection.store.ts';
import type { Database, ObjectionFaceTemplatesTable, ObjectionMatchesTable, ObjectionRecordingsTable, ObjectionSignalsTable, ObjectionsTable } from './schema.ts';
import { mapped } from './db-errors.ts';
import { json, parse } from './codec.ts';

const toObjection = (r: Selectable<ObjectionsTable>): Objection => ({
  id: r.id, agencyId: r.agency_id, reference: r.reference, purposes: parse(r.purposes), status: r.status as Objection['status'],
  faceConsent: Number(r.face_consent) === 1, createdBy: r.created_by, createdAt: r.created_at,
  withdrawnAt: r.withdrawn_at, withdrawnBy: r.withdrawn_by, withdrawalReason: r.withdrawal_reason,
});
const toSignal = (r: Selectable<ObjectionSignalsTable>): EvidenceSignal => ({
  objectionId: r.objection_id, kind: r.kind as EvidenceSignal['kind'], value: r.value, variant: r.variant,
  quality: r.quality === null ? null : Number(r.quality), origin: r.origin as EvidenceSignal['origin'],
});
const toTemplate = (r: Selectable<ObjectionFaceTemplatesTable>): StoredFaceTemplate => ({
  objectionId: r.objection_id, modelId: r.model_id, sealedTemplate: r.template, wrappedKey: r.wrapped_key, consentRef: r.consent_ref, createdAt: r.created_at,
});
const toRecording = (r: Selectable<ObjectionRecordingsTable>): ObjectionRecording => ({
  objectionId: r.objection_id, durationSeconds: Number(r.duration_seconds), fingerprint: r.fingerprint, createdAt: r.created_at,
});
const toMatch = (r: Selectable<ObjectionMatchesTable>): ObjectionMatch => ({
  objectionId: r.objection_id, sampleId: r.sample_id, galleryId: r.gallery_id, stage: r.stage as ObjectionMatch['stage'], measure: Number(r.measure), createdAt: r.created_at,
});

// Purposes are a JSON array of fixed literals, so a quoted literal identifies one without JSON functions.
const purposeLike = (p: ObjectionPurpose) => `%${JSON.stringify(p)}%`;

export class ObjectionRepo implements ObjectionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(o: Objection) {
    await mapped(this.db.insertInto('objections').values({
      id: o.id, agency_id: o.agencyId, reference: o.reference, purposes: json(o.purposes), status: o.status, face_consent: o.faceConsent ? 1 : 0,
      created_by: o.createdBy, created_at: o.createdAt, withdrawn_at: o.withdrawnAt, withdrawn_by: o.withdrawnBy, withdrawal_reason: o.withdrawalReason,
    }).execute());
  }

  async version(agencyId: string) {
    const r = await this.db.selectFrom('objections').where('agency_id', '=', agencyId)
      .select((eb) => [
        eb.fn.countAll().as('n'), eb.fn.count(eb.case().when('status', '=', 'active').then(1).end()).as('a'),
        eb.fn.max('created_at').as('c'), eb.fn.max('withdrawn_at').as('w'),
      ]).executeTakeFirstOrThrow();
    return `${Number(r.n)}|${Number(r.a)}|${r.c ?? ''}|${r.w ?? ''}`;
  }

  async get(id: string) {
    const r = await this.db.selectFrom('objections').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toObjection(r);
  }

  async listByAgency(agencyId: string, o: { status?: Objection['status'] } = {}) {
    let q = this.db.selectFrom('objections').selectAll().where('agency_id', '=', agencyId);
    if (o.status) q = q.where('status', '=', o.status);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(toObjection);
  }

  async withdraw(id: string, at: string, by: string, reason: string) {
    const r = await this.db.updateTable('objections').set({ status: 'withdrawn', withdrawn_at: at, withdrawn_by: by, withdrawal_reason: reason })
      .where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await this.db.deleteFrom('objection_face_templates').where('objection_id', '=', id).execute();
    await this.db.deleteFrom('objection_signals').where('objection_id', '=', id).execute();
    await this.db.deleteFrom('objection_recordings').where('objection_id', '=', id).execute();
    await this.db.deleteFrom('objection_matches').where('objection_id', '=', id).execute();
    return true;
  }

  async addSignals(signals: EvidenceSignal[]) {
    // Batches keep each statement below SQLite's bound-parameter limit.
    for (let i = 0; i < signals.length; i += 500) {
      await mapped(this.db.insertInto('objection_signals').values(signals.slice(i, i + 500).map((s) => ({
        objection_id: s.objectionId, kind: s.kind, value: s.value, variant: s.variant, quality: s.quality, origin: s.origin,
      }))).execute());
    }
  }

  async signalsOf(objectionId: string) {
    return (await this.db.selectFrom('objection_signals').selectAll().where('objection_id', '=', objectionId).orderBy('kind').orderBy('value').execute()).map(toSignal);
  }

  async findExact(agencyId: string, digests: { kind: 'sha256' | 'md5'; value: string }[]) {
    if (digests.length === 0) return [];
    const rows = await this.db.selectFrom('objection_signals as s').innerJoin('objections as o', 'o.id', 's.objection_id')
      .selectAll('s').where('o.agency_id', '=', agencyId).where('o.status', '=', 'active')
      .where((eb) => eb.or(digests.map((d) => eb.and([eb('s.kind', '=', d.kind), eb('s.value', '=', d.value)]))))
      .orderBy('o.created_at').orderBy('s.objection_id').execute();
    return rows.map(toSignal);
  }

  async activePdq(agencyId: string) {
    const rows = await this.db.selectFrom('objection_signals as s').innerJoin('objections as o', 'o.id', 's.objection_id')
      .selectAll('s').where('o.agency_id', '=', agencyId).where('o.status', '=', 'active').where('s.kind', '=', 'pdq')
      .orderBy('o.created_at').orderBy('s.objection_id').execute();
    return rows.map(toSignal);
  }

  async addRecordings(recordings: ObjectionRecording[]) {
    let seq = 0;
    for (const r of recordings) {
      await mapped(this.db.insertInto('objection_recordings').values({
        objection_id: r.objectionId, seq: seq++, duration_seconds: r.durationSeconds, fingerprint: r.fingerprint, created_at: r.createdAt,
      }).execute());
    }
  }

  async recordingsOf(objectionId: string) {
    return (await this.db.selectFrom('objection_recordings').selectAll().where('objection_id', '=', objectionId).orderBy('seq').execute()).map(toRecording);
  }

  async activeRecordings(agencyId: string) {
    const rows = await this.db.selectFrom('objection_recordings as r').innerJoin('objections as o', 'o.id', 'r.objection_id')
      .selectAll('r').where('o.agency_id', '=', agencyId).where('o.status', '=', 'active').orderBy('o.created_at').orderBy('r.objection_id').orderBy('r.seq').execute();
    return rows.map(toRecording);
  }

  async putFaceTemplate(t: StoredFaceTemplate) {
    await mapped(this.db.insertInto('objection_face_templates').values({
      objection_id: t.objectionId, model_id: t.modelId, template: t.sealedTemplate, wrapped_key: t.wrappedKey, consent_ref: t.consentRef, created_at: t.createdAt,
    }).execute());
  }

  async faceTemplateOf(objectionId: string) {
    const r = await this.db.selectFrom('objection_face_templates').selectAll().where('objection_id', '=', objectionId).executeTakeFirst();
    return r && toTemplate(r);
  }

  async activeFaceTemplates(agencyId: string) {
    const rows = await this.db.selectFrom('objection_face_templates as t').innerJoin('objections as o', 'o.id', 't.objection_id')
      .selectAll('t').where('o.agency_id', '=', agencyId).where('o.status', '=', 'active').orderBy('o.created_at').orderBy('t.objection_id').execute();
    return rows.map(toTemplate);
  }

  async addMatches(matches: ObjectionMatch[]) {
    for (const m of matches) {
      await mapped(this.db.insertInto('objection_matches').values({
        objection_id: m.objectionId, sample_id: m.sampleId, gallery_id: m.galleryId, stage: m.stage, measure: m.measure, created_at: m.createdAt,
      }).onConflict((oc) => oc.columns(['objection_id', 'sample_id']).doNothing()).execute());
    }
  }

  async deleteMatchesOfSamples(sampleIds: string[]): Promise<void> {
    if (sampleIds.length > 0) await this.db.deleteFrom('objection_matches').where('sample_id', 'in', sampleIds).execute();
  }

  async matchesOf(objectionId: string) {
    return (await this.db.selectFrom('objection_matches').selectAll().where('objection_id', '=', objectionId).orderBy('created_at').orderBy('sample_id').execute()).map(toMatch);
  }

  async matchesForSamples(sampleIds: string[], purposes: ObjectionPurpose[]) {
    const out: ObjectionMatch[] = [];
    for (let i = 0; i < sampleIds.length; i += 500) {
      const rows = await this.activeMatches(purposes).where('m.sample_id', 'in', sampleIds.slice(i, i + 500)).execute();
      out.push(...rows.map(toMatch));
    }
    return out;
  }

  async matchesForGallery(galleryId: string, purposes: ObjectionPurpose[]) {
    return (await this.activeMatches(purposes).where('m.gallery_id', '=', galleryId).execute()).map(toMatch);
  }

  private activeMatches(purposes: ObjectionPurpose[]) {
    return this.db.selectFrom('objection_matches as m').innerJoin('objections as o', 'o.id', 'm.objection_id').selectAll('m')
      .where('o.status', '=', 'active')
      .where((eb) => eb.or(purposes.map((p) => eb('o.purposes', 'like', purposeLike(p)))))
      .orderBy('m.created_at').orderBy('m.objection_id');
  }
}
