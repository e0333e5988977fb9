// The refusal table: for every service method that takes an actor, the action its refusals are
// logged under and the object it touches. A new method is one more line here; the compiler
// refuses a table that leaves one out (RefusalTable), and refusal-rules.test.ts checks the rest.
import type { Store } from '../store/store.ts';
import type { AgencyService } from './agency.service.ts';
import type { AgreementService } from './agreement.service.ts';
import type { AuditService } from './audit.service.ts';
import type { CalibrationService } from './calibration.service.ts';
import type { FaceModelService } from './face-model.service.ts';
import type { DisclosureService } from './disclosure.service.ts';
import type { EnrollmentService } from './enrollment.service.ts';
import type { ErasureService } from './erasure.service.ts';
import type { ExportService } from './export.service.ts';
import type { GalleryService } from './gallery.service.ts';
import type { HashSetService } from './hashset.service.ts';
import type { NotificationService } from './notification.service.ts';
import type { ObjectionService } from './objection.service.ts';
import type { ProvenanceService } from './provenance.service.ts';
import type { RecipientNoticeService } from './recipient-notices.ts';
import type { PersonNoticeService } from './person-notice.service.ts';
import type { ReembedService } from './reembed.service.ts';
import type { ReleaseService } from './release.service.ts';
import type { RefusalFacts, RefusalTable } from './refusal-log.ts';
import type { ReviewService } from './review.service.ts';
import type { SearchService } from './search.service.ts';
import type { TokenService } from './token.service.ts';
import type { TriageService } from './triage.service.ts';
import type { UserService } from './user.service.ts';
import type { VerificationService } from './verification.service.ts';

type Facts = Promise<RefusalFacts>;

/** A gallery by id: the object, and the gallery itself where it exists. */
async function gallery(id: string, store: Store): Facts {
  return { object: { type: 'gallery', id }, galleries: (await store.galleries.get(id)) ? [id] : [] };
}

/** A hit: its gallery, and the purpose and case of the search that found it. */
async function hit(id: string, store: Store): Facts {
  const h = await store.hits.get(id);
  const search = h ? await store.searches.get(h.searchId) : undefined;
  return { object: { type: 'hit', id }, galleries: h ? [h.galleryId] : [], purpose: search?.purpose, caseRef: search?.caseRef };
}

/** A disclosure request: the facts of its hit, under the disclosure's own id. */
async function disclosure(id: string, store: Store): Facts {
  const d = await store.disclosures.get(id);
  const facts = d ? await hit(d.hitId, store) : {};
  return { ...facts, object: { type: 'disclosure', id } };
}

async function subject(id: string, store: Store): Facts {
  const s = await store.subjects.get(id);
  return { object: { type: 'subject', id }, galleries: s ? [s.galleryId] : [] };
}

async function sample(id: string, store: Store): Facts {
  const s = await store.samples.get(id);
  return { object: { type: 'sample', id }, galleries: s ? [s.galleryId] : [] };
}

async function agreement(id: string, store: Store): Facts {
  const a = await store.agreements.get(id);
  return { object: { type: 'agreement', id }, galleries: a?.galleryIds ?? [] };
}

const object = (type: string, id: string | undefined): RefusalFacts => (id ? { object: { type, id } } : {});

/** The facts of a method whose first argument is an id, read by `lookup`. */
const byId = (lookup: (id: string, store: Store) => Facts) => ([id]: readonly [string, ...unknown[]], store: Store) => lookup(id, store);

export const refusalRules = {
  galleries: {
    create: { action: 'gallery.change' },
    list: { action: 'gallery.list' },
    names: { action: 'gallery.list' },
    get: { action: 'gallery.read', facts: byId(gallery) },
    update: { action: 'gallery.change', facts: byId(gallery) },
    delete: { action: 'gallery.change', facts: byId(gallery) },
  } satisfies RefusalTable<GalleryService>,
  reembeds: {
    start: { action: 'gallery.reembed', facts: byId(gallery) },
    progress: { action: 'gallery.read', facts: byId(gallery) },
    resume: { unlogged: 'the server resumes unfinished jobs on start as the system, not as an actor' },
    stop: { unlogged: 'the runtime stops its jobs on close, not an actor' },
  } satisfies RefusalTable<ReembedService>,
  enrollment: {
    enroll: { action: 'enrollment', facts: byId(gallery) },
    listSubjects: { action: 'subject.list', facts: byId(gallery) },
  } satisfies RefusalTable<EnrollmentService>,
  provenance: {
    samples: { action: 'provenance.read', facts: byId(subject) },
    correct: { action: 'provenance.change', facts: byId(sample) },
  } satisfies RefusalTable<ProvenanceService>,
  agreements: {
    create: { action: 'agreement.change', facts: ([input]) => ({ galleries: input.galleryIds, purpose: input.purposes[0] }) },
    list: { action: 'agreement.list' },
    get: { action: 'agreement.read', facts: byId(agreement) },
    revoke: { action: 'agreement.change', facts: byId(agreement) },
  } satisfies RefusalTable<AgreementService>,
  searches: {
    // A refused search ends: its search.end entry carries the reason (and the search id once it started).
    search: { action: 'search.end', facts: ([input]) => ({ galleries: input.galleryIds, purpose: input.purpose, caseRef: input.caseRef, authorisationRef: input.authorisationRef }) },
    targets: { action: 'search.end', facts: ([purpose, requested]) => ({ galleries: requested, purpose }) },
    searchable: { action: 'gallery.list', facts: ([purpose]) => ({ purpose }) },
  } satisfies RefusalTable<SearchService>,
  reviews: {
    list: { action: 'hit.list' },
    get: { action: 'hit.read', facts: byId(hit) },
    decide: { action: 'review.decision', facts: byId(hit) },
    probeImage: { action: 'hit.probe-image', facts: byId(hit) },
    candidateImage: { action: 'hit.candidate-image', facts: byId(hit) },
    faces: { action: 'hit.faces', facts: byId(hit) },
  } satisfies RefusalTable<ReviewService>,
  releases: {
    candidateImage: { action: 'hit.candidate-image', facts: ([h]) => ({ object: { type: 'hit', id: h.id }, galleries: [h.galleryId] }) },
  } satisfies RefusalTable<ReleaseService>,
  disclosures: {
    request: { action: 'disclosure.request', facts: byId(hit) },
    list: { action: 'disclosure.list' },
    get: { action: 'disclosure.get', facts: byId(disclosure) },
    decide: { action: 'disclosure.decision', facts: byId(disclosure) },
    coreData: { action: 'disclosure.read', facts: async ([id, caseRef], store) => ({ ...(await disclosure(id, store)), caseRef }) },
    transaction: { action: 'disclosure.export', facts: async ([id, caseRef], store) => ({ ...(await disclosure(id, store)), caseRef }) },
  } satisfies RefusalTable<DisclosureService>,
  verification: {
    verify: {
      action: 'verification',
      facts: async ([input], store) => ({
        ...(input.subjectId ? await subject(input.subjectId, store) : input.disclosureId ? await disclosure(input.disclosureId, store) : {}),
        purpose: input.purpose, caseRef: input.caseRef, authorisationRef: input.authorisationRef,
      }),
    },
  } satisfies RefusalTable<VerificationService>,
  erasure: {
    erase: { action: 'erasure', facts: byId(subject) },
    runRetention: { action: 'erasure' },
    runRetentionForAll: { unlogged: 'the scheduler runs it as the system, not as an actor' },
  } satisfies RefusalTable<ErasureService>,
  objections: {
    file: { action: 'objection' },
    withdraw: { action: 'objection', facts: ([id]) => object('objection', id) },
    list: { action: 'objection.list' },
    get: { action: 'objection.read', facts: ([id]) => object('objection', id) },
    check: { action: 'objection.check' },
    reach: { action: 'objection.reach', facts: ([id]) => object('objection', id) },
  } satisfies RefusalTable<ObjectionService>,
  exports: {
    manifest: { action: 'export', facts: byId(gallery) },
  } satisfies RefusalTable<ExportService>,
  notifications: {
    list: { action: 'notification.list' },
    markRead: { action: 'notification.read', facts: ([id]) => object('notification', id) },
  } satisfies RefusalTable<NotificationService>,
  recipientNotices: {
    list: { action: 'recipient-notice.list' },
    acknowledge: { action: 'recipient-notice.acknowledge', facts: ([id]) => object('recipient-notice', id) },
  } satisfies RefusalTable<RecipientNoticeService>,
  personNotices: {
    create: { action: 'notice.create' },
    approve: { action: 'notice.approve', facts: ([id]) => object('notice', id) },
    withdraw: { action: 'notice.withdraw', facts: ([id]) => object('notice', id) },
    listIssued: { action: 'notice.read' },
    get: { action: 'notice.read', facts: ([id]) => object('notice', id) },
    inbox: { action: 'notice.inbox' },
    probeImage: { action: 'notice.probe-image', facts: ([id]) => object('notice', id) },
    accept: { action: 'notice.accept', facts: ([id]) => object('notice', id) },
    decline: { action: 'notice.decline', facts: ([id]) => object('notice', id) },
    requestDisclosure: { action: 'disclosure.request', facts: ([id]) => object('notice', id) },
    acceptedPurposes: { action: 'notice.settings' },
    setAcceptedPurposes: { action: 'notice.settings' },
    expireAll: { unlogged: 'the scheduled expiry runs as the system, not as an actor' },
  } satisfies RefusalTable<PersonNoticeService>,
  hashSets: {
    import: { action: 'hashset.import' },
    list: { action: 'hashset.list' },
    export: { action: 'hashset.export', facts: ([id]) => object('hashset', id) },
  } satisfies RefusalTable<HashSetService>,
  // Registration takes no actor: it is host administration over the data directory.
  faceModels: { refresh: { unlogged: 'takes no actor: reads what the host registered' }, catalogue: { unlogged: 'takes no actor: the model list every token may read' } } satisfies RefusalTable<FaceModelService>,
  calibrations: {
    calibrate: { action: 'model.calibrate', facts: ([id]) => object('face-model', id) },
  } satisfies RefusalTable<CalibrationService>,
  triage: {
    run: { action: 'triage', facts: async ([request], store) => ({ ...(request.galleryId ? await gallery(request.galleryId, store) : {}), caseRef: request.caseRef }) },
    get: { action: 'triage.read', facts: ([id]) => object('triage', id) },
  } satisfies RefusalTable<TriageService>,
  agencies: {
    create: { action: 'agency.change' },
    list: { action: 'agency.list' },
    get: { action: 'agency.read', facts: ([id]) => object('agency', id) },
    update: { action: 'agency.change', facts: ([id]) => object('agency', id) },
  } satisfies RefusalTable<AgencyService>,
  users: {
    create: { action: 'user.change' },
    list: { action: 'user.list', facts: ([agencyId]) => object('agency', agencyId) },
    get: { action: 'user.read', facts: ([id]) => object('user', id) },
    update: { action: 'user.change', facts: ([id]) => object('user', id) },
  } satisfies RefusalTable<UserService>,
  tokens: {
    issue: { action: 'token.change', facts: ([input]) => object('user', input.userId) },
    list: { action: 'token.list', facts: ([userId]) => object('user', userId) },
    revoke: { action: 'token.change', facts: ([id]) => object('token', id) },
  } satisfies RefusalTable<TokenService>,
  audit: {
    checkpoint: { action: 'log.read' },
    inclusion: { action: 'log.read' },
    consistency: { action: 'log.read' },
    entries: { action: 'log.read' },
    statistics: { action: 'log.statistics' },
    refusals: { action: 'log.statistics' },
    noticeCounts: { action: 'log.statistics' },
    verifyStatistics: { action: 'log.statistics' },
    export: { action: 'export', facts: () => object('log', 'export') },
    applyRetention: { action: 'log.retention' },
    addCosignatures: { action: 'log.cosignature' },
  } satisfies RefusalTable<AuditService>,
};
