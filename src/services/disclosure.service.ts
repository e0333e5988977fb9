// Step 2: for a confirmed hit the requester asks, the owner's officer decides, and only then are the
// core data released — to the requesting agency only, on that case, and only while the agreement the
// hit was found under is in force.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize, decide } from '../domain/policy.ts';
import type { CoreData, Disclosure, Hit } from '../domain/workflow.ts';
import { ReleaseService } from './release.service.ts';
import { agencyNames } from './agency-names.ts';
import { reviewViews, type ReviewView } from './hit-view.ts';
import { requireAgreementInForce } from './agreement-in-force.ts';
import { requireNoObjection, requireUnrestricted } from './recipient-notices.ts';
import { exchange } from './review.service.ts';
import { foundUnderNotice, recordNoticeDisclosure } from './person-notice-answers.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface ReleasedCoreData {
  disclosureId: string;
  hitId: string;
  caseRef: string;
  subjectRef: string;
  coreData: CoreData;
  /** Data obtained through an agreement may not be passed on to third parties. */
  onwardTransfer: 'prohibited';
  logIndex: number;
}

/** One examiner's finding on the hit a disclosure is about (the hit is concluded, so every review shows), without the examiner. */
export type DisclosureFinding = Omit<ReviewView, 'examinerId'>;

/** A disclosure with what its decider needs: who asks, for what purpose, how strong the hit is and what the examiners found. */
export interface DisclosureView extends Disclosure {
  requesterAgencyName: string;
  ownerAgencyName: string;
  purpose: string;
  score: number;
  fmrAtScore: number;
  aboveThreshold: boolean;
  findings: DisclosureFinding[];
}

export class DisclosureService {
  private readonly releases: ReleaseService;

  constructor(private readonly deps: WorkflowDeps, releases?: ReleaseService) {
    this.releases = releases ?? new ReleaseService(deps);
  }

  async request(actor: Actor, hitId: string, justification: string): Promise<{ disclosure: Disclosure; logIndex: number }> {
    const hit = await this.deps.store.hits.get(hitId);
    if (!hit || hit.requesterAgencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Hit ${hitId}.`);
    authorize(actor, 'disclosure.request', exchange(hit));
    if (hit.state !== 'confirmed') fail('ABG_ERR_HIT_NOT_CONFIRMED', `State: ${hit.state}.`);
    await requireAgreementInForce(this.deps, hit);
    if (!justification.trim()) fail('ABG_ERR_VALIDATION', 'A justification is required.');
    const search = (await this.deps.store.searches.get(hit.searchId))!;
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const open = (await tx.disclosures.listByHit(hitId)).filter((d) => d.state !== 'denied');
      if (open.length > 0) fail('ABG_ERR_CONFLICT', `Disclosure ${open[0]!.id} for this hit is already ${open[0]!.state}.`);
      const disclosure: Disclosure = {
        id: this.deps.newId(), hitId, requesterAgencyId: hit.requesterAgencyId, ownerAgencyId: hit.ownerAgencyId, subjectId: hit.subjectId,
        caseRef: search.caseRef, justification: justification.trim(), state: 'pending', requestedBy: actor.userId, createdAt: now,
        decidedBy: null, decidedAt: null, decisionNote: null,
      };
      await tx.disclosures.insert(disclosure);
      await tx.notifications.insert({ id: this.deps.newId(), agencyId: hit.ownerAgencyId, kind: 'disclosure.requested', payload: { disclosureId: disclosure.id, hitId }, createdAt: now, readAt: null });
      const logIndex = await this.deps.audit.append({ action: 'disclosure.request', actor, caseRef: search.caseRef, purpose: search.purpose, galleries: [hit.galleryId], object: { type: 'disclosure', id: disclosure.id }, result: { ids: [hitId] } }, tx);
      return { disclosure, logIndex };
    });
  }

  /** Disclosures the actor's agency requested or must decide on. */
  async list(actor: Actor): Promise<DisclosureView[]> {
    const all = await this.deps.store.disclosures.listForAgency(actor.agencyId);
    const nameOf = agencyNames(this.deps.store);
    return Promise.all(all.filter((d) => decide(actor, 'disclosure.read', exchange(d)).allow).map((d) => this.view(redactForRequester(actor)(d), nameOf, actor.agencyId)));
  }

  async get(actor: Actor, id: string): Promise<DisclosureView> {
    const d = await this.visible(actor, id);
    authorize(actor, 'disclosure.read', exchange(d));
    return this.view(redactForRequester(actor)(d), agencyNames(this.deps.store), actor.agencyId);
  }

  /** The agencies by name, the search's purpose, the hit's score and the examiners' findings. */
  private async view(d: Disclosure, nameOf: (agencyId: string) => Promise<string>, viewer: string): Promise<DisclosureView> {
    const { store } = this.deps;
    const hit = await store.hits.get(d.hitId);
    const [search, reviews] = hit ? await Promise.all([store.searches.get(hit.searchId), store.reviews.listByHit(hit.id)]) : [undefined, []];
    const concluded = hit !== undefined && hit.state !== 'pending';
    // A hit a notice's recipient found and reviewed itself: its score and findings stay with it (the requester learns only "hit").
    const shown = hit !== undefined && !(viewer === d.requesterAgencyId && foundUnderNotice(hit, d.requesterAgencyId));
    return {
      ...d, requesterAgencyName: await nameOf(d.requesterAgencyId), ownerAgencyName: await nameOf(d.ownerAgencyId), purpose: search?.purpose ?? '',
      score: shown ? hit.score : 0, fmrAtScore: shown ? hit.fmr : 0, aboveThreshold: shown ? hit.aboveThreshold : false,
      findings: concluded && shown ? reviewViews(hit, reviews).map(({ examinerId: _, ...finding }) => finding) : [],
    };
  }

  async decide(actor: Actor, id: string, approve: boolean, note: string): Promise<{ disclosure: Disclosure; logIndex: number }> {
    const d = await this.visible(actor, id);
    authorize(actor, 'disclosure.decide', exchange(d));
    if (!note.trim()) fail('ABG_ERR_VALIDATION', 'A note is required with every decision.');
    // Denying stays possible after the agreement ended, so that a pending request can be closed.
    if (approve) await requireAgreementInForce(this.deps, (await this.deps.store.hits.get(d.hitId)) ?? { agreementId: null });
    if (approve) await requireNoObjection(this.deps.store, d.subjectId);
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.disclosures.decide(id, approve ? 'approved' : 'denied', actor.userId, now, note.trim()))) fail('ABG_ERR_CONFLICT', 'The disclosure was already decided.');
      await tx.notifications.insert({ id: this.deps.newId(), agencyId: d.requesterAgencyId, kind: approve ? 'disclosure.approved' : 'disclosure.denied', payload: { disclosureId: id, hitId: d.hitId }, createdAt: now, readAt: null });
      const hit = (await tx.hits.get(d.hitId))!;
      const search = (await tx.searches.get(hit.searchId))!;
      if (approve) await recordNoticeDisclosure(this.deps, tx, actor, hit.id, d.requesterAgencyId);
      const logIndex = await this.deps.audit.append({
        action: 'disclosure.decision', actor, caseRef: d.caseRef, purpose: search.purpose, galleries: [hit.galleryId],
        object: { type: 'disclosure', id }, decision: approve ? 'approved' : 'denied', recipients: [d.requesterAgencyId],
      }, tx);
      return { disclosure: (await tx.disclosures.get(id))!, logIndex };
    });
  }

  /** Releases the core data to the requesting agency, for the case the search was made on, while the agreement is in force. */
  async coreData(actor: Actor, id: string, caseRef: string): Promise<ReleasedCoreData> {
    const { d, subject, coreData } = await this.released(actor, id, caseRef);
    const logIndex = await this.deps.store.transaction((tx) =>
      this.deps.audit.append({ action: 'disclosure.read', actor, caseRef: d.caseRef, galleries: [subject.galleryId], object: { type: 'disclosure', id }, recipients: [actor.agencyId] }, tx));
    return { disclosureId: id, hitId: d.hitId, caseRef: d.caseRef, subjectRef: subject.ref, coreData, onwardTransfer: 'prohibited', logIndex };
  }

  /**
   * The released record as an ANSI/NIST-ITL transaction for the requesting agency's own system:
   * core data and the no-onward-transfer notice in Type-2; the face image in Type-10 where the
   * agreement shows images (marked and recorded as a release, as any released image). Logged.
   */
  async transaction(actor: Actor, id: string, caseRef: string): Promise<{ bytes: Uint8Array; fileName: string; logIndex: number }> {
    const writer = this.deps.faceRecords ?? fail('ABG_ERR_EXCHANGE_UNSUPPORTED', 'No exchange-format writer is configured.');
    const { d, subject, coreData } = await this.released(actor, id, caseRef);
    const hit = (await this.deps.store.hits.get(d.hitId))!;
    const image = await this.releasedImage(actor, hit);
    const bytes = await writer.writeDisclosure({
      originator: d.ownerAgencyId, destination: d.requesterAgencyId, controlNumber: d.id, date: this.deps.now(), subjectRef: subject.ref, caseRef: d.caseRef, coreData,
      notice: `NO ONWARD TRANSFER: released by ${d.ownerAgencyId} to ${d.requesterAgencyId} for case ${d.caseRef} only; passing it on to third parties is prohibited.`,
      ...(image ? { image } : {}),
    });
    const logIndex = await this.deps.store.transaction((tx) =>
      this.deps.audit.append({ action: 'disclosure.export', actor, caseRef: d.caseRef, galleries: [subject.galleryId], object: { type: 'disclosure', id }, recipients: [actor.agencyId], decision: 'ansi-nist', result: { ids: [d.hitId] } }, tx));
    return { bytes, fileName: `disclosure-${id}.an2`, logIndex };
  }

  // The candidate image where the agreement shows images, marked and recorded by the release service.
  private async releasedImage(actor: Actor, hit: Hit): Promise<{ bytes: Uint8Array; captureDate: string | null } | undefined> {
    const agreement = hit.agreementId ? await this.deps.store.agreements.get(hit.agreementId) : null;
    if (!agreement?.showImages) return undefined;
    const sample = await this.deps.store.samples.get(hit.sampleId);
    const wrapped = sample && (await this.deps.store.subjects.wrappedKey(sample.subjectId));
    if (!sample || !wrapped) fail('ABG_ERR_SUBJECT_ERASED');
    const key = this.deps.envelope.unwrap(wrapped, `subject:${sample.subjectId}`);
    const original = this.deps.envelope.open(key, sample.sealedImage, `image:${sample.id}`);
    const released = await this.releases.candidateImage(actor, hit, sample, original);
    return { bytes: released.bytes, captureDate: sample.provenance.captureDate };
  }

  // The checks every release of an approved disclosure passes, and the core data it releases.
  private async released(actor: Actor, id: string, caseRef: string) {
    const d = await this.visible(actor, id);
    authorize(actor, 'disclosure.read-core-data', exchange(d));
    if (d.state !== 'approved') fail('ABG_ERR_DISCLOSURE_NOT_APPROVED', `State: ${d.state}.`);
    if (caseRef !== d.caseRef) fail('ABG_ERR_FORBIDDEN', 'Core data are released for the case of the search only.');
    await requireAgreementInForce(this.deps, (await this.deps.store.hits.get(d.hitId)) ?? { agreementId: null });
    const subject = await this.deps.store.subjects.get(d.subjectId);
    const wrapped = subject && (await this.deps.store.subjects.wrappedKey(subject.id));
    if (!subject || subject.erasedAt || !wrapped) fail('ABG_ERR_SUBJECT_ERASED');
    await requireUnrestricted(this.deps.store, actor.agencyId, subject.id);
    const key = this.deps.envelope.unwrap(wrapped, `subject:${subject.id}`);
    const coreData: CoreData = subject.sealedCoreData ? JSON.parse(this.deps.envelope.open(key, subject.sealedCoreData, `core:${subject.id}`).toString('utf8')) : {};
    return { d, subject, coreData };
  }

  private async visible(actor: Actor, id: string): Promise<Disclosure> {
    const d = await this.deps.store.disclosures.get(id);
    if (!d || (d.requesterAgencyId !== actor.agencyId && d.ownerAgencyId !== actor.agencyId)) fail('ABG_ERR_NOT_FOUND', `Disclosure ${id}.`);
    return d;
  }
}

/** The requester never learns the owner's internal subject id, only what step 2 releases. */
function redactForRequester(actor: Actor) {
  return (d: Disclosure): Disclosure => (d.ownerAgencyId === actor.agencyId ? d : { ...d, subjectId: '' });
}
