// The authorization matrix: every /v1 route × every role × the actor's relation to the object
// (own agency, valid agreement, expired agreement, revoked agreement, no agreement). Generated from
// one table; a route missing from the table fails the test, so a new route cannot be forgotten.
import { gradientPng, syntheticTransaction } from '../testing/exchange-test-data.ts';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, multipartBody, type ApiHarness } from '../testing/api-harness.ts';
import { roles, type Role } from '../domain/roles.ts';
import { createHash } from 'node:crypto';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { makeZip } from '../testing/make-zip.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';
import { cosignatureLine, generateCosignerKey, parseCosignerKey } from '../audit/cosignature.ts';
import type { LogEntry } from '../audit/entry.ts';
import { refusalOutcome } from '../services/refusal-log.ts';
import type { ErrorCode } from '../domain/errors.ts';

const P = 'criminal-investigation';
const labels = ['own', 'valid', 'expired', 'revoked', 'none'] as const;
type Label = (typeof labels)[number];
type Req = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; json?: unknown; multipart?: ReturnType<typeof multipartBody> };

interface World {
  h: ApiHarness;
  tokens: Record<Label, Record<Role, string>>;
  users: Record<Label, Record<Role, string>>;
  agencies: Record<Label, string>;
  gallery: string;
  subject: string;
  /** A sample of the own agency's subject. */
  sample: string;
  agreementValid: string;
  hit: string;
  pendingDisclosure: string;
  approvedDisclosure: string;
  n: number;
  /** Requester of agreements made while the matrix runs, so that the five relations stay as set up. */
  spareAgency: string;
  /** An active objection of the own agency (hashes only, reaching nothing enrolled). */
  objection: string;
  hashSet: string;
  triageRun: string;
  /** A notification of the own agency. */
  notification: string;
  /** An erasure notice the own agency sent to the requester with the valid agreement. */
  recipientNotice: string;
  /** A face gallery of the agency labelled valid, holding the person circulated in notices. */
  validGallery: string;
  /** A notice of the own agency circulated to the agency labelled valid only. */
  notice: string;
  /** A confirmed hit under a notice whose disclosure was requested once already (refused callers reuse it). */
  noticeReference?: { notice: string; reference: string };
}

let w: World;
const probe = (face: string, variant = 1) => ({ field: 'probe', name: 'p.jpg', data: fakeImage({ face, variant }) });
const searchFields = { purpose: P, caseRef: 'CASE-1', authorisationRef: 'AUTH-1' };
const hashList = () => ({ field: 'file', name: 'list.csv', data: new TextEncoder().encode(`md5,category\n${'ab'.repeat(16)},1\n`) });
const hashSetFields = { name: 'Known', source: 'test', categoryScheme: 'vics', format: 'csv' };
const modelUrl = `/v1/models/${encodeURIComponent(fakeModelId)}`;
/** A labelled set as a zip: ten people, three fake photos each (30 genuine, 405 impostor comparisons). */
const labelledZip = () => ({
  field: 'set', name: 'people.zip',
  data: new Uint8Array(makeZip(Array.from({ length: 30 }, (_, i) => ({ name: `people/P${i % 10}/${i}.jpg`, data: Buffer.from(fakeImage({ face: `cal${i % 10}`, variant: i })) })))),
});
const triageFile = () => ({ field: 'file', name: 'note.txt', data: new TextEncoder().encode('seized note') });

async function ok<T = any>(p: Promise<{ status: number; json: any }>): Promise<T> {
  const r = await p;
  assert.ok(r.status < 300, JSON.stringify(r.json));
  return r.json;
}

/** A fresh confirmed hit of the requester with the valid agreement. */
async function confirmedHit(): Promise<string> {
  const s = await ok(w.h.upload('/v1/searches', w.tokens.valid.operator, { ...searchFields, mode: 'investigation', topK: '1' }, [probe(`p${w.n++ % 8}`)]));
  const hit = s.galleries[0].candidates[0].hitId;
  await ok(w.h.call('POST', `/v1/hits/${hit}/reviews`, w.tokens.valid.examiner, { decision: 'match', note: 'n' }));
  await ok(w.h.call('POST', `/v1/hits/${hit}/reviews`, extraExaminer, { decision: 'match', note: 'n' }));
  return hit;
}
let extraExaminer = '';

async function pendingDisclosure(): Promise<string> {
  return (await ok(w.h.call('POST', `/v1/hits/${await confirmedHit()}/disclosures`, w.tokens.valid.operator, { justification: 'j' }))).disclosure.id;
}

async function freshSubject(): Promise<string> {
  const ref = `S-${w.n++}`;
  const r = await ok(w.h.upload(`/v1/galleries/${w.gallery}/enrollments`, w.tokens.own.operator, { source: 's', subjectRef: ref }, [{ field: 'image', name: 'x.jpg', data: fakeImage({ face: ref }) }]));
  return r.results[0].subjectId;
}

/** Discloses a subject of its own to the valid requester, erases it, and returns the notice the requester received. */
async function erasedAfterDisclosure(officer: string): Promise<string> {
  const enrolled = await ok(w.h.upload(`/v1/galleries/${w.gallery}/enrollments`, w.tokens.own.operator, { source: 's', subjectRef: 'RN' }, [{ field: 'image', name: 'rn.jpg', data: fakeImage({ face: 'rn' }) }]));
  const s = await ok(w.h.upload('/v1/searches', w.tokens.valid.operator, { ...searchFields, mode: 'investigation', topK: '1' }, [probe('rn')]));
  const hit = s.galleries[0].candidates[0].hitId;
  for (const ex of [w.tokens.valid.examiner, extraExaminer]) await ok(w.h.call('POST', `/v1/hits/${hit}/reviews`, ex, { decision: 'match', note: 'n' }));
  const d = (await ok(w.h.call('POST', `/v1/hits/${hit}/disclosures`, w.tokens.valid.operator, { justification: 'j' }))).disclosure.id;
  await ok(w.h.call('POST', `/v1/disclosures/${d}/decision`, officer, { approve: true, note: 'ok' }));
  return (await ok(w.h.call('DELETE', `/v1/subjects/${enrolled.results[0].subjectId}`, w.tokens.own.operator, { reason: 'request' }))).recipientNotices[0];
}

const md5Of = (s: string) => createHash('md5').update(s).digest('hex');

async function freshObjection(): Promise<string> {
  const r = await ok(w.h.upload('/v1/objections', w.tokens.own['owner-officer'], { reference: `DSR-${w.n++}`, purposes: 'all', hashes: JSON.stringify([{ kind: 'sha256', value: createHash('sha256').update(`s${w.n}`).digest('hex') }]) }, []));
  return r.objection.id;
}

// Notices run for another purpose, so that the valid agency's own gallery stays out of its searches for P.
const NP = 'missing-persons';
const noticeFields = () => ({ purpose: NP, legalBasis: 'StPO §131a', caseRef: 'CASE-N', description: 'unknown person', recipients: w.agencies.valid, validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() });
const noticeProbe = () => ({ field: 'probe', name: 'n.jpg', data: fakeImage({ face: 'circulated', variant: 1 }) });

/** A draft of the own agency to the agency labelled valid (or, with `approve`, circulated). */
async function freshNotice(approve: boolean): Promise<string> {
  const id = (await ok(w.h.upload('/v1/notices', w.tokens.own.operator, noticeFields(), [noticeProbe()]))).notice.id;
  if (approve) await ok(w.h.call('POST', `/v1/notices/${id}/approve`, w.tokens.own['owner-officer']));
  return id;
}

/** The reference of a hit the valid agency's examiners confirmed under a fresh notice of the own agency. */
async function confirmedNoticeReference(): Promise<{ notice: string; reference: string }> {
  const notice = await freshNotice(true);
  const accepted = await ok(w.h.call('POST', `/v1/notices/${notice}/accept`, w.tokens.valid['owner-officer'], { galleryIds: [w.validGallery] }));
  const hit = accepted.notice.hitIds[0];
  for (const ex of [w.tokens.valid.examiner, extraExaminer]) await ok(w.h.call('POST', `/v1/hits/${hit}/reviews`, ex, { decision: 'match', note: 'n' }));
  const issued = (await ok(w.h.call('GET', `/v1/notices/${notice}`, w.tokens.own.operator))).issued;
  return { notice, reference: issued.recipients[0].references[0] };
}

const any = () => true;
const roleIs = (...rs: Role[]) => (_l: Label, r: Role) => rs.includes(r);
const at = (ls: Label[], rs: Role[]) => (l: Label, r: Role) => ls.includes(l) && rs.includes(r);

/** route → how an actor calls it, and whether the policy must allow that actor. */
const table: Record<string, { call: (l: Label, r: Role) => Promise<Req> | Req; allowed: (l: Label, r: Role) => boolean }> = {
  'GET /v1/me': { call: () => ({ method: 'GET', url: '/v1/me' }), allowed: any },
  'GET /v1/agencies': { call: () => ({ method: 'GET', url: '/v1/agencies' }), allowed: any },
  'POST /v1/agencies': { call: () => ({ method: 'POST', url: '/v1/agencies', json: { name: `New ${w.n++}` } }), allowed: at(['own'], ['admin']) },
  'GET /v1/agencies/{id}': { call: () => ({ method: 'GET', url: `/v1/agencies/${w.agencies.own}` }), allowed: any },
  'PATCH /v1/agencies/{id}': { call: () => ({ method: 'PATCH', url: `/v1/agencies/${w.agencies.own}`, json: { country: 'DE' } }), allowed: at(['own'], ['admin']) },
  'GET /v1/users': { call: () => ({ method: 'GET', url: '/v1/users' }), allowed: roleIs('admin', 'auditor') },
  'POST /v1/users': { call: () => ({ method: 'POST', url: '/v1/users', json: { name: `u${w.n++}`, roles: ['auditor'] } }), allowed: roleIs('admin') },
  'GET /v1/users/{id}': { call: () => ({ method: 'GET', url: `/v1/users/${w.users.own.operator}` }), allowed: at(['own'], ['admin', 'operator']) },
  'PATCH /v1/users/{id}': { call: () => ({ method: 'PATCH', url: `/v1/users/${w.users.own.examiner}`, json: { name: 'own-examiner' } }), allowed: at(['own'], ['admin']) },
  'GET /v1/tokens': { call: () => ({ method: 'GET', url: '/v1/tokens' }), allowed: any },
  'POST /v1/tokens': { call: () => ({ method: 'POST', url: '/v1/tokens', json: { label: 'extra' } }), allowed: any },
  'DELETE /v1/tokens/{id}': {
    call: async () => ({ method: 'DELETE', url: `/v1/tokens/${(await ok(w.h.call('POST', '/v1/tokens', w.tokens.own.operator, { label: 't' }))).record.id}` }),
    allowed: at(['own'], ['admin', 'operator']),
  },
  'GET /v1/galleries': { call: () => ({ method: 'GET', url: '/v1/galleries' }), allowed: any },
  'GET /v1/gallery-names': { call: () => ({ method: 'GET', url: '/v1/gallery-names' }), allowed: any },
  'POST /v1/galleries': { call: () => ({ method: 'POST', url: '/v1/galleries', json: { name: `g${w.n++}`, kind: 'media', legalBasis: 'x', purposes: [P], retentionDays: 30 } }), allowed: roleIs('admin') },
  'GET /v1/galleries/{id}': { call: () => ({ method: 'GET', url: `/v1/galleries/${w.gallery}` }), allowed: at(['own'], [...roles]) },
  'PATCH /v1/galleries/{id}': { call: () => ({ method: 'PATCH', url: `/v1/galleries/${w.gallery}`, json: { maxCandidates: 10 } }), allowed: at(['own'], ['admin']) },
  'DELETE /v1/galleries/{id}': {
    call: async () => ({ method: 'DELETE', url: `/v1/galleries/${(await ok(w.h.call('POST', '/v1/galleries', w.tokens.own.admin, { name: `d${w.n++}`, kind: 'media', legalBasis: 'x', purposes: [P], retentionDays: 30 }))).id}` }),
    allowed: at(['own'], ['admin']),
  },
  'GET /v1/galleries/{id}/reembed': { call: () => ({ method: 'GET', url: `/v1/galleries/${w.gallery}/reembed` }), allowed: at(['own'], [...roles]) },
  'POST /v1/galleries/{id}/reembed': { call: () => ({ method: 'POST', url: `/v1/galleries/${w.gallery}/reembed`, json: { modelId: 'vendor/none@1' } }), allowed: () => false },
  'POST /v1/galleries/{id}/enrollments': {
    call: () => ({ method: 'POST', url: `/v1/galleries/${w.gallery}/enrollments`, multipart: multipartBody({ source: 's', subjectRef: `E-${w.n++}` }, [{ field: 'image', name: 'e.jpg', data: fakeImage({ face: `e${w.n}` }) }]) }),
    allowed: at(['own'], ['operator', 'admin']),
  },
  'GET /v1/galleries/{id}/subjects': { call: () => ({ method: 'GET', url: `/v1/galleries/${w.gallery}/subjects` }), allowed: at(['own'], ['operator', 'admin']) },
  'GET /v1/subjects/{id}/samples': { call: () => ({ method: 'GET', url: `/v1/subjects/${w.subject}/samples` }), allowed: at(['own'], ['operator', 'admin']) },
  'PATCH /v1/samples/{id}/provenance': { call: () => ({ method: 'PATCH', url: `/v1/samples/${w.sample}/provenance`, json: { source: `s-${w.n++}` } }), allowed: at(['own'], ['operator', 'admin']) },
  'DELETE /v1/subjects/{id}': { call: async () => ({ method: 'DELETE', url: `/v1/subjects/${await freshSubject()}`, json: { reason: 'request' } }), allowed: at(['own'], ['operator', 'admin']) },
  'POST /v1/retention/run': { call: () => ({ method: 'POST', url: '/v1/retention/run' }), allowed: roleIs('admin') },
  'GET /v1/agreements': { call: () => ({ method: 'GET', url: '/v1/agreements' }), allowed: any },
  'POST /v1/agreements': {
    call: () => ({ method: 'POST', url: '/v1/agreements', json: { requesterAgencyId: w.spareAgency, galleryIds: [w.gallery], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'r' } }),
    allowed: at(['own'], ['owner-officer']),
  },
  'GET /v1/agreements/{id}': { call: () => ({ method: 'GET', url: `/v1/agreements/${w.agreementValid}` }), allowed: at(['own', 'valid'], ['owner-officer', 'admin', 'operator', 'auditor']) },
  'POST /v1/agreements/{id}/revoke': {
    call: async () => {
      const a = await ok(w.h.call('POST', '/v1/agreements', w.tokens.own['owner-officer'], { requesterAgencyId: w.spareAgency, galleryIds: [w.gallery], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'r' }));
      return { method: 'POST', url: `/v1/agreements/${a.agreement.id}/revoke` };
    },
    allowed: at(['own'], ['owner-officer']),
  },
  'POST /v1/searches': {
    call: () => ({ method: 'POST', url: '/v1/searches', multipart: multipartBody({ ...searchFields, galleryIds: w.gallery, mode: 'investigation' }, [probe('p1')]) }),
    allowed: at(['own', 'valid'], ['operator']),
  },
  'POST /v1/verifications': {
    call: () => ({ method: 'POST', url: '/v1/verifications', multipart: multipartBody({ ...searchFields, subjectId: w.subject }, [probe('p1')]) }),
    allowed: at(['own'], ['operator']),
  },
  'GET /v1/searchable-galleries': { call: () => ({ method: 'GET', url: `/v1/searchable-galleries?purpose=${P}` }), allowed: roleIs('operator') },
  'GET /v1/hits': { call: () => ({ method: 'GET', url: '/v1/hits' }), allowed: roleIs('operator', 'examiner') },
  'GET /v1/hits/{id}': { call: () => ({ method: 'GET', url: `/v1/hits/${w.hit}` }), allowed: at(['valid'], ['operator', 'examiner']) },
  'POST /v1/objections': {
    call: () => ({ method: 'POST', url: '/v1/objections', multipart: multipartBody({ reference: `DSR-${w.n++}`, purposes: 'search', hashes: JSON.stringify([{ kind: 'md5', value: md5Of(`m${w.n}`) }]) }, []) }),
    allowed: roleIs('owner-officer', 'admin'),
  },
  'GET /v1/objections': { call: () => ({ method: 'GET', url: '/v1/objections' }), allowed: roleIs('owner-officer', 'admin', 'auditor') },
  'GET /v1/objections/{id}': { call: () => ({ method: 'GET', url: `/v1/objections/${w.objection}` }), allowed: at(['own'], ['owner-officer', 'admin', 'auditor']) },
  'POST /v1/objections/{id}/withdraw': {
    call: async () => ({ method: 'POST', url: `/v1/objections/${await freshObjection()}/withdraw`, json: { reason: 'withdrawn by the person' } }),
    allowed: at(['own'], ['owner-officer', 'admin']),
  },
  'POST /v1/objections/{id}/reach': {
    call: () => ({ method: 'POST', url: `/v1/objections/${w.objection}/reach`, multipart: multipartBody({}, [{ field: 'candidate', name: 'c.jpg', data: fakeImage({ face: 'nobody' }) }]) }),
    allowed: at(['own'], ['owner-officer', 'admin']),
  },
  'POST /v1/galleries/{id}/manifest': { call: () => ({ method: 'POST', url: `/v1/galleries/${w.gallery}/manifest` }), allowed: at(['own'], ['admin']) },
  'POST /v1/hits/{id}/reviews': {
    call: async () => ({ method: 'POST', url: `/v1/hits/${(await ok(w.h.upload('/v1/searches', w.tokens.valid.operator, { ...searchFields, mode: 'investigation', topK: '1' }, [probe('p2')]))).galleries[0].candidates[0].hitId}/reviews`, json: { decision: 'match', note: 'n' } }),
    allowed: at(['valid'], ['examiner']),
  },
  'GET /v1/hits/{id}/probe-image': { call: () => ({ method: 'GET', url: `/v1/hits/${w.hit}/probe-image` }), allowed: at(['valid'], ['examiner']) },
  'GET /v1/hits/{id}/faces': { call: () => ({ method: 'GET', url: `/v1/hits/${w.hit}/faces` }), allowed: at(['valid'], ['examiner']) },
  'GET /v1/hits/{id}/candidate-image': { call: () => ({ method: 'GET', url: `/v1/hits/${w.hit}/candidate-image` }), allowed: at(['valid'], ['examiner']) },
  'POST /v1/hits/{id}/disclosures': { call: async () => ({ method: 'POST', url: `/v1/hits/${await confirmedHit()}/disclosures`, json: { justification: 'j' } }), allowed: at(['valid'], ['operator', 'examiner']) },
  'GET /v1/disclosures': { call: () => ({ method: 'GET', url: '/v1/disclosures' }), allowed: any },
  'GET /v1/disclosures/{id}': { call: () => ({ method: 'GET', url: `/v1/disclosures/${w.pendingDisclosure}` }), allowed: (l, r) => at(['valid'], ['operator', 'examiner'])(l, r) || at(['own'], ['owner-officer'])(l, r) },
  'POST /v1/disclosures/{id}/decision': { call: async () => ({ method: 'POST', url: `/v1/disclosures/${await pendingDisclosure()}/decision`, json: { approve: false, note: 'n' } }), allowed: at(['own'], ['owner-officer']) },
  'GET /v1/disclosures/{id}/core-data': { call: () => ({ method: 'GET', url: `/v1/disclosures/${w.approvedDisclosure}/core-data?caseRef=CASE-1` }), allowed: at(['valid'], ['operator', 'examiner']) },
  'GET /v1/disclosures/{id}/transaction': { call: () => ({ method: 'GET', url: `/v1/disclosures/${w.approvedDisclosure}/transaction?caseRef=CASE-1` }), allowed: at(['valid'], ['operator', 'examiner']) },
  'GET /v1/notifications': { call: () => ({ method: 'GET', url: '/v1/notifications' }), allowed: roleIs('owner-officer', 'admin', 'operator') },
  // A notification of the own agency (a hit confirmed in its gallery): other agencies get 404.
  'POST /v1/notifications/{id}/read': { call: () => ({ method: 'POST', url: `/v1/notifications/${w.notification}/read` }), allowed: at(['own'], ['owner-officer', 'admin', 'operator']) },
  'GET /v1/recipient-notices': { call: () => ({ method: 'GET', url: '/v1/recipient-notices' }), allowed: roleIs('owner-officer', 'admin', 'auditor') },
  // Acknowledging is idempotent, so one notice serves every caller; only its recipient's officers and admins may.
  'POST /v1/recipient-notices/{id}/acknowledge': { call: () => ({ method: 'POST', url: `/v1/recipient-notices/${w.recipientNotice}/acknowledge` }), allowed: at(['valid'], ['owner-officer', 'admin']) },
  // Circulated notices: the issuer is the own agency, the one recipient the agency labelled valid; to every other agency a notice does not exist.
  'POST /v1/notices': { call: () => ({ method: 'POST', url: '/v1/notices', multipart: multipartBody({ ...noticeFields(), recipients: w.spareAgency }, [noticeProbe()]) }), allowed: roleIs('operator') },
  'GET /v1/notices': { call: () => ({ method: 'GET', url: '/v1/notices' }), allowed: roleIs('owner-officer', 'operator', 'examiner', 'auditor') },
  'GET /v1/notices/inbox': { call: () => ({ method: 'GET', url: '/v1/notices/inbox' }), allowed: roleIs('owner-officer', 'operator', 'examiner') },
  'GET /v1/notices/settings': { call: () => ({ method: 'GET', url: '/v1/notices/settings' }), allowed: roleIs('owner-officer', 'operator', 'examiner') },
  'POST /v1/notices/settings': { call: () => ({ method: 'POST', url: '/v1/notices/settings', json: { purposes: [] } }), allowed: roleIs('owner-officer', 'admin') },
  'GET /v1/notices/statistics': { call: () => ({ method: 'GET', url: '/v1/notices/statistics' }), allowed: roleIs('auditor') },
  'GET /v1/notices/{id}': { call: () => ({ method: 'GET', url: `/v1/notices/${w.notice}` }), allowed: (l, r) => at(['own'], ['owner-officer', 'operator', 'examiner', 'auditor'])(l, r) || at(['valid'], ['owner-officer', 'operator', 'examiner'])(l, r) },
  'GET /v1/notices/{id}/probe': { call: () => ({ method: 'GET', url: `/v1/notices/${w.notice}/probe` }), allowed: (l, r) => at(['own'], ['owner-officer', 'operator', 'examiner', 'auditor'])(l, r) || at(['valid'], ['owner-officer', 'operator', 'examiner'])(l, r) },
  'POST /v1/notices/{id}/approve': { call: async () => ({ method: 'POST', url: `/v1/notices/${await freshNotice(false)}/approve` }), allowed: at(['own'], ['owner-officer']) },
  'POST /v1/notices/{id}/withdraw': { call: async () => ({ method: 'POST', url: `/v1/notices/${await freshNotice(true)}/withdraw` }), allowed: at(['own'], ['owner-officer', 'operator']) },
  'POST /v1/notices/{id}/accept': { call: async () => ({ method: 'POST', url: `/v1/notices/${await freshNotice(true)}/accept`, json: { galleryIds: [w.validGallery] } }), allowed: at(['valid'], ['owner-officer']) },
  'POST /v1/notices/{id}/decline': { call: async () => ({ method: 'POST', url: `/v1/notices/${await freshNotice(true)}/decline`, json: { reason: 'not under our law' } }), allowed: at(['valid'], ['owner-officer']) },
  'POST /v1/notices/{id}/disclosure-requests': {
    call: async (l, r) => {
      const { notice, reference } = at(['own'], ['operator', 'examiner'])(l, r) || !w.noticeReference ? await confirmedNoticeReference() : w.noticeReference;
      if (!w.noticeReference) w.noticeReference = { notice, reference };
      return { method: 'POST', url: `/v1/notices/${notice}/disclosure-requests`, json: { reference, justification: 'j' } };
    },
    allowed: at(['own'], ['operator', 'examiner']),
  },
  'GET /v1/hashsets': { call: () => ({ method: 'GET', url: '/v1/hashsets' }), allowed: roleIs('admin', 'operator', 'examiner') },
  'POST /v1/hashsets': { call: () => ({ method: 'POST', url: '/v1/hashsets', multipart: multipartBody(hashSetFields, [hashList()]) }), allowed: roleIs('admin', 'operator') },
  'GET /v1/hashsets/{id}/export': { call: () => ({ method: 'GET', url: `/v1/hashsets/${w.hashSet}/export?format=csv` }), allowed: at(['own'], ['admin', 'operator', 'examiner']) },
  'POST /v1/triage': { call: () => ({ method: 'POST', url: '/v1/triage', multipart: multipartBody({ caseRef: 'CASE-T' }, [triageFile()]) }), allowed: roleIs('operator') },
  'GET /v1/triage/{id}': { call: () => ({ method: 'GET', url: `/v1/triage/${w.triageRun}` }), allowed: at(['own'], ['operator', 'examiner']) },
  'GET /v1/models': { call: () => ({ method: 'GET', url: '/v1/models' }), allowed: any },
  'POST /v1/exchange/face-records': { call: async () => ({ method: 'POST', url: '/v1/exchange/face-records', multipart: multipartBody({}, [{ field: 'file', name: 't.an2', data: syntheticTransaction([{ png: await gradientPng(20, 30), width: 20, height: 30 }]) }]) }), allowed: any },
  // Runs before the reads below: the one allowed call (the host's admin) calibrates the model they read.
  'POST /v1/models/{id}/calibrations': { call: () => ({ method: 'POST', url: `${modelUrl}/calibrations`, multipart: multipartBody({}, [labelledZip()]) }), allowed: at(['own'], ['admin']) },
  'GET /v1/models/{id}/calibration': { call: () => ({ method: 'GET', url: `${modelUrl}/calibration` }), allowed: any },
  'GET /v1/models/{id}/calibration/declaration': { call: () => ({ method: 'GET', url: `${modelUrl}/calibration/declaration` }), allowed: any },
  'GET /v1/models/{id}/calibration/det.svg': { call: () => ({ method: 'GET', url: `${modelUrl}/calibration/det.svg` }), allowed: any },
  'GET /v1/log/checkpoint': { call: () => ({ method: 'GET', url: '/v1/log/checkpoint' }), allowed: roleIs('auditor') },
  // A witness's valid cosignature on the current checkpoint: any agency's auditor may hand one in.
  'POST /v1/log/cosignatures': {
    call: async () => {
      const cp = await ok(w.h.call('GET', '/v1/log/checkpoint', w.tokens.own.auditor));
      const witness = parseCosignerKey(generateCosignerKey('matrix.example/witness'));
      const note = cp.note + cosignatureLine(cp.note.slice(0, cp.note.indexOf('\n\n') + 1), witness, new Date());
      return { method: 'POST', url: '/v1/log/cosignatures', json: { note, witnessKey: witness.verifierKey } };
    },
    allowed: roleIs('auditor'),
  },
  'GET /v1/log/entries': { call: () => ({ method: 'GET', url: '/v1/log/entries?limit=5' }), allowed: roleIs('auditor') },
  'GET /v1/log/entries/{i}/proof': { call: () => ({ method: 'GET', url: '/v1/log/entries/0/proof' }), allowed: roleIs('auditor') },
  'GET /v1/log/consistency': { call: () => ({ method: 'GET', url: '/v1/log/consistency?from=1' }), allowed: roleIs('auditor') },
  'GET /v1/log/statistics': { call: () => ({ method: 'GET', url: '/v1/log/statistics' }), allowed: roleIs('auditor') },
  'GET /v1/log/statistics/verify': { call: () => ({ method: 'GET', url: '/v1/log/statistics/verify' }), allowed: at(['own'], ['auditor']) },
  'GET /v1/log/export': { call: () => ({ method: 'GET', url: '/v1/log/export' }), allowed: at(['own'], ['auditor']) },
  'POST /v1/log/retention': { call: () => ({ method: 'POST', url: '/v1/log/retention', json: { days: 36500 } }), allowed: at(['own'], ['admin']) },
};

for (const dialect of ['sqlite', 'postgres'] as const) {
describe(`authorization matrix on ${dialect}`, { skip: dialect === 'postgres' ? pgSkipReason() : false }, () => {
  before(async () => {
    const h = await apiHarness({ rateLimitPerMinute: 100_000 }, { dialect });
    const agencies = { own: h.hostAgencyId } as Record<Label, string>;
    const tokens = {} as World['tokens'];
    const users = {} as World['users'];
    const admins: Record<string, string> = { own: h.adminToken };
    for (const l of labels.slice(1)) {
      const r = await ok(h.call('POST', '/v1/agencies', h.adminToken, { name: `Agency ${l}`, adminName: `${l}-boss` }));
      agencies[l] = r.agency.id;
      admins[l] = r.admin.token;
    }
    for (const l of labels) {
      tokens[l] = {} as Record<Role, string>;
      users[l] = {} as Record<Role, string>;
      for (const role of roles) {
        const u = await ok(h.call('POST', '/v1/users', admins[l], { name: `${l}-${role}`, roles: [role] }));
        users[l][role] = u.id;
        tokens[l][role] = (await ok(h.call('POST', '/v1/tokens', admins[l], { userId: u.id, label: 'm' }))).token;
      }
    }
    const extra = await ok(h.call('POST', '/v1/users', admins.valid, { name: 'valid-examiner-2', roles: ['examiner'] }));
    extraExaminer = (await ok(h.call('POST', '/v1/tokens', admins.valid, { userId: extra.id, label: 'x' }))).token;
    const gallery = (await ok(h.call('POST', '/v1/galleries', h.adminToken, { name: 'G', kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 }))).id;
    const spareAgency = (await ok(h.call('POST', '/v1/agencies', h.adminToken, { name: 'Spare agency' }))).agency.id;
    // The fake model registered as a licensed one, so that the calibration routes have a model to calibrate.
    await h.runtime.services.deps.store.faceModels.insert({ id: fakeModelId, alias: 'fake', manifest: { licence: { name: 'test', licensee: 'tests' } }, sha256: '0'.repeat(64), dimension: 128, addedAt: new Date().toISOString(), calibration: null });
    // A finished re-embedding of the gallery, so that reading its progress answers (the fake engine has one model to move onto).
    await h.runtime.services.deps.store.reembeds.start({ galleryId: gallery, fromModelId: 'vendor/old@1', modelId: fakeModelId, state: 'switched', cursor: null, total: 0, done: 0, failed: [], startedBy: 'root', startedAt: new Date().toISOString(), finishedAt: new Date().toISOString() });
    w = { h, tokens, users, agencies, gallery, subject: '', sample: '', agreementValid: '', hit: '', pendingDisclosure: '', approvedDisclosure: '', n: 0, spareAgency, objection: '', hashSet: '', triageRun: '', notification: '', recipientNotice: '', validGallery: '', notice: '' };
    w.objection = await freshObjection();
    w.hashSet = (await ok(h.upload('/v1/hashsets', tokens.own.operator, hashSetFields, [hashList()]))).hashSet.id;
    w.triageRun = (await ok(h.upload('/v1/triage', tokens.own.operator, { caseRef: 'CASE-T' }, [triageFile()]))).run.id;
    for (let i = 0; i < 8; i++) {
      await ok(h.upload(`/v1/galleries/${gallery}/enrollments`, tokens.own.operator, { source: 's', subjectRef: `R-${i}`, coreData: JSON.stringify({ name: `Secret Name ${i}` }) }, [{ field: 'image', name: 'i.jpg', data: fakeImage({ face: `p${i}`, variant: 0 }) }]));
    }
    w.subject = (await ok(h.call('GET', `/v1/galleries/${gallery}/subjects`, tokens.own.operator))).subjects[0].id;
    w.sample = (await ok(h.call('GET', `/v1/subjects/${w.subject}/samples`, tokens.own.operator))).samples[0].id;
    const officer = tokens.own['owner-officer'];
    const agree = (requester: string, validFrom?: string, validUntil = '2099-01-01T00:00:00Z') =>
      ok(h.call('POST', '/v1/agreements', officer, { requesterAgencyId: requester, galleryIds: [gallery], purposes: [P], ...(validFrom ? { validFrom } : {}), validUntil, maxCandidates: 5, showImages: true, reference: 'r' }));
    w.agreementValid = (await agree(agencies.valid)).agreement.id;
    await agree(agencies.expired, '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z');
    const revoked = (await agree(agencies.revoked)).agreement.id;
    await ok(h.call('POST', `/v1/agreements/${revoked}/revoke`, officer));
    w.hit = (await ok(h.upload('/v1/searches', tokens.valid.operator, { ...searchFields, mode: 'investigation', topK: '2' }, [probe('p0')]))).galleries[0].candidates[0].hitId;
    w.pendingDisclosure = await pendingDisclosure();
    w.approvedDisclosure = await pendingDisclosure();
    await ok(h.call('POST', `/v1/disclosures/${w.approvedDisclosure}/decision`, officer, { approve: true, note: 'ok' }));
    w.notification = (await ok(h.call('GET', '/v1/notifications', h.adminToken))).notifications[0].id;
    w.recipientNotice = await erasedAfterDisclosure(officer);
    w.validGallery = (await ok(h.call('POST', '/v1/galleries', admins.valid, { name: 'V', kind: 'face', legalBasis: 'x', purposes: [NP], retentionDays: 3650, modelId: fakeModelId }))).id;
    await ok(h.upload(`/v1/galleries/${w.validGallery}/enrollments`, tokens.valid.operator, { source: 's', subjectRef: 'V-1', coreData: JSON.stringify({ name: 'Secret Name V' }) }, [{ field: 'image', name: 'v.jpg', data: fakeImage({ face: 'circulated', variant: 0 }) }]));
    w.notice = await freshNotice(true);
  });

  after(async () => {
    await w?.h.close();
  });

  test('the table covers every /v1 route of the OpenAPI document', async () => {
    const doc = (await w.h.call('GET', '/openapi.json')).json;
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => r.includes(' /v1/') && r !== 'GET /v1/log/public-key');
    const missing = routes.filter((r) => !(r in table));
    assert.deepEqual(missing, [], `routes without a row in the authorization matrix: ${missing.join(', ')}`);
  });

  test('every route × role × relation (own, valid, expired, revoked, no agreement) is allowed or denied as the table says; every refusal left exactly one log entry', async () => {
    const wrong: string[] = [];
    const unlogged: string[] = [];
    let refusalsSeen = 0;
    const bodies: string[] = [];
    const log = w.h.runtime.auditLog;
    /** The refused and failed entries appended since `from`. */
    const refusalsSince = async (from: number) => {
      const found: LogEntry[] = [];
      for (let i = from, n = await log.size(); i < n; i++) {
        const e = (await log.entry(i)).entry;
        if (e && e.outcome !== 'ok') found.push(e);
      }
      return found;
    };
    for (const [route, row] of Object.entries(table)) {
      for (const l of labels) {
        for (const role of roles) {
          const req = await row.call(l, role);
          const headers: Record<string, string> = { authorization: `Bearer ${w.tokens[l][role]}` };
          let payload: string | Buffer | undefined;
          if (req.multipart) { headers['content-type'] = req.multipart.contentType; payload = req.multipart.payload; }
          else if (req.json !== undefined) { headers['content-type'] = 'application/json'; payload = JSON.stringify(req.json); }
          const sizeBefore = await log.size();
          const res = await w.h.app.inject({ method: req.method, url: req.url, headers, ...(payload !== undefined ? { payload } : {}) });
          const want = row.allowed(l, role);
          const got = res.statusCode < 300;
          const refused = [401, 403, 404, 409, 410, 422].includes(res.statusCode) && !res.body.includes('ABG_ERR_VALIDATION');
          if (want !== got || (!want && !refused)) wrong.push(`${route} as ${role}@${l}: ${res.statusCode} ${res.body.slice(0, 140)}`);
          // A refusal leaves exactly one entry: its code, the actor and agency, denied where policy refused.
          const logged = await refusalsSince(sizeBefore);
          const code = got ? null : (JSON.parse(res.body).error?.code as ErrorCode);
          const expected = code ? refusalOutcome(code) : null;
          if (expected && [403, 404].includes(res.statusCode) && expected !== 'denied') unlogged.push(`${route} as ${role}@${l}: ${code} is not logged as denied`);
          const fits = (e: LogEntry) => e.outcome === expected && e.reason === code && e.actor.user === w.users[l][role] && e.actor.agency === w.agencies[l] && e.actor.role === role && !e.probes;
          if (expected ? logged.length !== 1 || !fits(logged[0]!) : logged.length !== 0) {
            unlogged.push(`${route} as ${role}@${l}: ${res.statusCode} ${code ?? ''} left ${JSON.stringify(logged)}`);
          }
          if (expected) refusalsSeen++;
          if (!route.includes('core-data') && !route.endsWith('/transaction')) bodies.push(res.body);
        }
      }
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(unlogged, []);
    assert.ok(refusalsSeen > 300, `${refusalsSeen} refusals checked`);
    const leaks = bodies.filter((b) => /Secret Name/.test(b));
    assert.deepEqual(leaks.map((b) => b.slice(0, 100)), [], 'core data appear only in an approved disclosure');
  });

  test('lists are scoped: agencies without an agreement see no agreements, hits or disclosures of others', async () => {
    for (const role of roles) {
      const t = w.tokens.none[role];
      const agreements = await w.h.call('GET', '/v1/agreements', t);
      assert.ok(!JSON.stringify(agreements.json).includes(w.agreementValid));
      const d = await w.h.call('GET', '/v1/disclosures', t);
      assert.ok(!JSON.stringify(d.json).includes(w.pendingDisclosure));
      const hits = await w.h.call('GET', '/v1/hits', t);
      assert.ok(!JSON.stringify(hits.json).includes(w.hit));
      const inbox = await w.h.call('GET', '/v1/notices/inbox', t);
      assert.ok(!JSON.stringify(inbox.json).includes(w.notice));
    }
  });
});
}
