// 1:1 verification (SIS Art. 43(1)): confirm an identity found by other means against one subject.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorizeCaseWork } from '../domain/case-fields.ts';
import { agreementCovers, agreementInForce } from '../domain/agreement.ts';
import type { Disclosure, SearchRecord } from '../domain/workflow.ts';
import { openTemplate, subjectKey } from './sample-seal.ts';
import { requireUnrestricted } from './recipient-notices.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface VerifyInput {
  probe: Uint8Array;
  /** A subject of the own galleries (or one an approved disclosure revealed); or else: */
  subjectId?: string | undefined;
  /** An approved disclosure of the actor's agency: the subject it released, without its internal id. */
  disclosureId?: string | undefined;
  purpose: string;
  caseRef: string;
  authorisationRef: string;
}

export interface VerifyAnswer {
  verificationId: string;
  score: number;
  fmrAtScore: number;
  threshold: number;
  decision: 'match' | 'no-match';
  samplesCompared: number;
  logIndex: number;
}

export class VerificationService {
  constructor(private readonly deps: WorkflowDeps) {}

  async verify(actor: Actor, input: VerifyInput): Promise<VerifyAnswer> {
    authorizeCaseWork(actor, 'verification', input);
    const { store } = this.deps;
    if (!input.subjectId === !input.disclosureId) fail('ABG_ERR_VALIDATION', 'Give either subjectId or disclosureId.');
    const disclosure = input.disclosureId ? await this.requesterDisclosure(actor, input.disclosureId) : undefined;
    const subjectId = disclosure?.subjectId ?? input.subjectId!;
    const subject = await store.subjects.get(subjectId);
    const gallery = subject && (await store.galleries.get(subject.galleryId));
    if (!subject || !gallery) fail('ABG_ERR_NOT_FOUND', disclosure ? `Disclosure ${disclosure.id}.` : `Subject ${subjectId}.`);
    if (gallery.agencyId !== actor.agencyId) await this.requireDisclosedForCase(actor, disclosure ? [disclosure] : await this.revealing(actor, subject.id), gallery.id, input);
    if (subject.erasedAt) fail('ABG_ERR_SUBJECT_ERASED');
    if (gallery.agencyId !== actor.agencyId) await requireUnrestricted(store, actor.agencyId, subject.id);
    const modelId = gallery.modelId!;
    const faces = await this.deps.faces.analyse(input.probe, { modelId });
    if (faces.length === 0) fail('ABG_ERR_NO_FACE');
    const probe = faces[0]!;
    if (probe.quality.verdict === 'reject') fail('ABG_ERR_QUALITY_TOO_LOW', probe.quality.reasons.join('; '), { quality: probe.quality });
    const samples = await store.samples.listBySubject(subject.id);
    if (samples.length === 0) fail('ABG_ERR_SUBJECT_ERASED', 'The subject has no samples.');
    const key = await subjectKey(store, this.deps.envelope, subject.id);
    if (!key) fail('ABG_ERR_SUBJECT_ERASED');
    const score = Math.max(...samples.map((s) => this.deps.faces.compare(modelId, probe.embedding, openTemplate(this.deps.envelope, key, s.id, s.sealedTemplate))));
    const threshold = this.deps.faces.scoreAtFmr(modelId, gallery.thresholdFmr);
    const fmrAtScore = this.deps.faces.fmrAtScore(modelId, score);
    const decision = score >= threshold ? 'match' : 'no-match';
    const id = this.deps.newId();
    const commitment = this.deps.envelope.commit(input.probe);
    const record: SearchRecord = {
      id, kind: 'verification', agencyId: actor.agencyId, userId: actor.userId, purpose: input.purpose, caseRef: input.caseRef,
      authorisationRef: input.authorisationRef, mode: 'identification', galleryIds: [gallery.id], probeCommitment: commitment,
      sealedProbe: null, probeKey: null, result: { score, decision }, createdAt: this.deps.now().toISOString(),
    };
    const logIndex = await store.transaction(async (tx) => {
      await tx.searches.insert(record);
      return this.deps.audit.append({
        action: 'verification', actor, purpose: input.purpose, caseRef: input.caseRef, authorisationRef: input.authorisationRef,
        galleries: [gallery.id], probes: [commitment], object: { type: 'verification', id }, decision,
        ...(disclosure ? { result: { ids: [disclosure.id] } } : {}),
      }, tx);
    });
    return { verificationId: id, score, fmrAtScore, threshold, decision, samplesCompared: samples.length, logIndex };
  }

  /** The approved disclosure the actor's agency requested; a disclosure of another agency stays invisible. */
  private async requesterDisclosure(actor: Actor, id: string): Promise<Disclosure> {
    const d = await this.deps.store.disclosures.get(id);
    if (!d || d.requesterAgencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Disclosure ${id}.`);
    if (d.state !== 'approved') fail('ABG_ERR_DISCLOSURE_NOT_APPROVED', `State: ${d.state}.`);
    return d;
  }

  /** The approved disclosures that revealed the subject to the actor's agency. */
  private async revealing(actor: Actor, subjectId: string): Promise<Disclosure[]> {
    return (await this.deps.store.disclosures.listForAgency(actor.agencyId)).filter(
      (d) => d.subjectId === subjectId && d.requesterAgencyId === actor.agencyId && d.state === 'approved');
  }

  /**
   * Another agency's subject is verified only where an approved disclosure revealed it to the actor's
   * agency, for the case of that disclosure, and while the agreement it rests on is in force.
   */
  private async requireDisclosedForCase(actor: Actor, revealed: Disclosure[], galleryId: string, input: VerifyInput): Promise<void> {
    const { store } = this.deps;
    if (revealed.length === 0) fail('ABG_ERR_NOT_FOUND', `Subject ${input.subjectId}.`);
    const forCase = revealed.filter((d) => d.caseRef === input.caseRef);
    if (forCase.length === 0) fail('ABG_ERR_FORBIDDEN', 'A disclosed subject is verified for the case of its disclosure only.');
    const now = this.deps.now();
    const agreements = await Promise.all(forCase.map(async (d) => {
      const hit = await store.hits.get(d.hitId);
      return hit?.agreementId ? store.agreements.get(hit.agreementId) : undefined;
    }));
    const inForce = agreements.filter((a) => agreementInForce(a, now));
    if (inForce.length === 0) fail('ABG_ERR_AGREEMENT_ENDED', 'The agreement the subject was disclosed under was revoked or has expired.');
    if (!inForce.some((a) => agreementCovers(a, galleryId, input.purpose, now))) {
      fail('ABG_ERR_NO_AGREEMENT', `The agreement does not cover the purpose ${input.purpose}.`);
    }
  }
}
