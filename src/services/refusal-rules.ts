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

/** The facts of a method whose first argument is the id of an object of `type`, named without a lookup. */
const named = (type: string) => ([id]: readonly [string | undefined, ...unknown[]]) => object(type, id);

/** A rule whose refusals name no object. */
const logged = (action: string) => ({ action });

/** The facts of a method whose first argument is an id, read by `lookup`. */
const byId = (lookup: (id: string, store: Store) => Facts) => ([id]: readonly [string, ...unknown[]], store: Store) => lookup(id, store);

/** Rules whose first argument is the id of an object whose facts `lookup` reads. */
const onLookedUp = (lookup: (id: string, store: Store) => Facts) => (action: string) => ({ action, facts: byId(lookup) });
const onGallery = onLookedUp(gallery);
const onHit = onLookedUp(hit);
const onSubject = onLookedUp(subject);
const onSample = onLookedUp(sample);
const onAgreement = onLookedUp(agreement);
const onDisclosure = onLookedUp(disclosure);

/** A rule whose first argument is the id of an object of `type` that needs no lookup. */
const on = (type: string, action: string) => ({ action, facts: named(type) });

export const refusalRules = {
  galleries: {
    create: logged('gallery.change'),
    list: logged('gallery.list'),
    names: logged('gallery.list'),
    get: onGallery('gallery.read'),
    update: onGallery('gallery.change'),
    delete: onGallery('gallery.change'),
  } satisfies RefusalTable<GalleryService>,
  reembeds: {
    start: onGallery('gallery.reembed'),
    progress: onGallery('gallery.read'),
    resume: { unlogged: 'the server resumes unfinished jobs on start as the system, not as an actor' },
    stop: { unlogged: 'the runtime stops its jobs on close, not an actor' },
  } satisfies RefusalTable<ReembedService>,
  enrollment: {
    enroll: onGallery('enrollment'),
    listSubjects: onGallery('subject.list'),
  } satisfies RefusalTable<EnrollmentService>,
  provenance: {
    samples: onSubject('provenance.read'),
    correct: onSample('provenance.change'),
  } satisfies RefusalTable<ProvenanceService>,
  agreements: {
    create: { action: 'agreement.change', facts: ([input]) => ({ galleries: input.galleryIds, purpose: input.purposes[0] }) },
    list: logged('agreement.list'),
    get: onAgreement('agreement.read'),
    revoke: onAgreement('agreement.change'),
  } satisfies RefusalTable<AgreementService>,
  searches: {
    // A refused search ends: its search.end entry carries the reason (and the search id once it started).
    search: { action: 'search.end', facts: ([input]) => ({ galleries: input.galleryIds, purpose: input.purpose, caseRef: input.caseRef, authorisationRef: input.authorisationRef }) },
    targets: { action: 'search.end', facts: ([purpose, requested]) => ({ galleries: requested, purpose }) },
    searchable: { action: 'gallery.list', facts: ([purpose]) => ({ purpose }) },
  } satisfies RefusalTable<SearchService>,
  reviews: {
    list: logged('hit.list'),
    get: onHit('hit.read'),
    decide: onHit('review.decision'),
    probeImage: onHit('hit.probe-image'),
    candidateImage: onHit('hit.candidate-image'),
    faces: onHit('hit.faces'),
  } satisfies RefusalTable<ReviewService>,
  releases: {
    candidateImage: { action: 'hit.candidate-image', facts: ([h]) => ({ object: { type: 'hit', id: h.id }, galleries: [h.galleryId] }) },
  } satisfies RefusalTable<ReleaseService>,
  disclosures: {
    request: onHit('disclosure.request'),
    list: logged('disclosure.list'),
    get: onDisclosure('disclosure.get'),
    decide: onDisclosure('disclosure.decision'),
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
    erase: onSubject('erasure'),
    runRetention: logged('erasure'),
    runRetentionForAll: { unlogged: 'the scheduler runs it as the system, not as an actor' },
  } satisfies RefusalTable<ErasureService>,
  objections: {
    file: logged('objection'),
    withdraw: on('objection', 'objection'),
    list: logged('objection.list'),
    get: on('objection', 'objection.read'),
    check: logged('objection.check'),
    reach: on('objection', 'objection.reach'),
  } satisfies RefusalTable<ObjectionService>,
  exports: {
    manifest: onGallery('export'),
  } satisfies RefusalTable<ExportService>,
  notifications: {
    list: logged('notification.list'),
    markRead: on('notification', 'notification.read'),
  } satisfies RefusalTable<NotificationService>,
  recipientNotices: {
    list: logged('recipient-notice.list'),
    acknowledge: on('recipient-notice', 'recipient-notice.acknowledge'),
  } satisfies RefusalTable<RecipientNoticeService>,
  personNotices: {
    create: logged('notice.create'),
    approve: on('notice', 'notice.approve'),
    withdraw: on('notice', 'notice.withdraw'),
    listIssued: logged('notice.read'),
    get: on('notice', 'notice.read'),
    inbox: logged('notice.inbox'),
    probeImage: on('notice', 'notice.probe-image'),
    accept: on('notice', 'notice.accept'),
    decline: on('notice', 'notice.decline'),
    requestDisclosure: on('notice', 'disclosure.request'),
    acceptedPurposes: logged('notice.settings'),
    setAcceptedPurposes: logged('notice.settings'),
    expireAll: { unlogged: 'the scheduled expiry runs as the system, not as an actor' },
  } satisfies RefusalTable<PersonNoticeService>,
  hashSets: {
    import: logged('hashset.import'),
    list: logged('hashset.list'),
    export: on('hashset', 'hashset.export'),
  } satisfies RefusalTable<HashSetService>,
  // Registration takes no actor: it is host administration over the data directory.
  faceModels: { refresh: { unlogged: 'takes no actor: reads what the host registered' }, catalogue: { unlogged: 'takes no actor: the model list every token may read' } } satisfies RefusalTable<FaceModelService>,
  calibrations: {
    calibrate: on('face-model', 'model.calibrate'),
  } satisfies RefusalTable<CalibrationService>,
  triage: {
    run: { action: 'triage', facts: async ([request], store) => ({ ...(request.galleryId ? await gallery(request.galleryId, store) : {}), caseRef: request.caseRef }) },
    get: on('triage', 'triage.read'),
  } satisfies RefusalTable<TriageService>,
  agencies: {
    create: logged('agency.change'),
    list: logged('agency.list'),
    get: on('agency', 'agency.read'),
    update: on('agency', 'agency.change'),
  } satisfies RefusalTable<AgencyService>,
  users: {
    create: logged('user.change'),
    list: { action: 'user.list', facts: ([agencyId]) => object('agency', agencyId) },
    get: on('user', 'user.read'),
    update: on('user', 'user.change'),
  } satisfies RefusalTable<UserService>,
  tokens: {
    issue: { action: 'token.change', facts: ([input]) => object('user', input.userId) },
    list: { action: 'token.list', facts: ([userId]) => object('user', userId) },
    revoke: on('token', 'token.change'),
  } satisfies RefusalTable<TokenService>,
  audit: {
    checkpoint: logged('log.read'),
    inclusion: logged('log.read'),
    consistency: logged('log.read'),
    entries: logged('log.read'),
    statistics: logged('log.statistics'),
    refusals: logged('log.statistics'),
    noticeCounts: logged('log.statistics'),
    verifyStatistics: logged('log.statistics'),
    export: { action: 'export', facts: () => object('log', 'export') },
    applyRetention: logged('log.retention'),
    addCosignatures: logged('log.cosignature'),
  } satisfies RefusalTable<AuditService>,
};
