// 1:N search (step 1): opaque candidates per gallery, each a potential hit awaiting review.
import type { Actor, Gallery } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorizeCaseWork } from '../domain/case-fields.ts';
import { authorize } from '../domain/policy.ts';
import { agreementCovers } from '../domain/agreement.ts';
import type { Agreement, Hit, SearchMode, SearchRecord } from '../domain/workflow.ts';
import type { AnalysedFace, FaceGeometry, FaceLandmark } from './ports/face-engine.ts';
import type { GalleryIndexStatus } from './ports/template-index.ts';
import { agencyNames } from './agency-names.ts';
import { withRefusalFacts } from './refusal-log.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface SearchInput {
  probe: Uint8Array;
  /** Landmarks that came with the probe (an exchange record's feature points), for alignment when no face is detected. */
  probeLandmarks?: FaceLandmark[];
  purpose: string;
  caseRef: string;
  authorisationRef: string;
  /** Default: every gallery the requester may search for the purpose. */
  galleryIds?: string[];
  mode: SearchMode;
  /** Investigation mode: candidates per gallery (capped by the agreement's maximum). */
  topK?: number;
}

export interface Candidate {
  hitId: string;
  score: number;
  fmrAtScore: number;
  rank: number;
  aboveThreshold: boolean;
}

export interface SearchAnswer {
  searchId: string;
  mode: SearchMode;
  purpose: string;
  caseRef: string;
  probeQuality: AnalysedFace['quality'];
  /** Where the searched face lies in the probe, for a landmarks overlay. */
  probeFace: FaceGeometry;
  /** Per gallery: its threshold from the model's calibration, the index answering (with its measured recall when approximate) and the candidates. */
  galleries: { galleryId: string; galleryName: string; threshold: number; index: GalleryIndexStatus; candidates: Candidate[] }[];
  /** Galleries of the default scope left out of an identification search, and why. */
  skipped: SkippedGallery[];
  logIndex: number;
}

export interface SkippedGallery {
  galleryId: string;
  galleryName: string;
  reason: 'accuracy-gate';
  expectedFpir: number;
  requiredFpir: number | null;
}

/** A gallery the requester may search, as the search picker shows it: no sizes, nothing owner-internal. */
export interface SearchableGallery {
  id: string;
  name: string;
  ownerAgencyName: string;
  /** True for the requester's own galleries; false for a partner's gallery shared under an agreement. */
  own: boolean;
  /** The purposes it may be searched for: the gallery's own, or those the gallery and the agreement both allow. */
  purposes: string[];
  maxCandidates: number;
  /** The agreement's end; null for an own gallery. */
  validUntil: string | null;
}

interface Target {
  gallery: Gallery;
  agreement: Agreement | null;
  maxCandidates: number;
}

export class SearchService {
  constructor(private readonly deps: WorkflowDeps) {}

  async search(actor: Actor, input: SearchInput): Promise<SearchAnswer> {
    authorizeCaseWork(actor, 'search', input);
    const now = this.deps.now();
    const scope = await this.targets(actor, input.purpose, input.galleryIds, now);
    const { targets, skipped } = input.mode === 'identification' ? await this.accuracyGate(scope, !input.galleryIds?.length) : { targets: scope, skipped: [] };

    const searchId = this.deps.newId();
    const commitment = this.deps.envelope.commit(input.probe);
    await this.deps.store.transaction((tx) =>
      this.deps.audit.append({ action: 'search.start', actor, purpose: input.purpose, caseRef: input.caseRef, authorisationRef: input.authorisationRef, galleries: targets.map((t) => t.gallery.id), probes: [commitment], object: { type: 'search', id: searchId }, decision: input.mode }, tx));

    // From here a refusal ends this search: its search.end entry names the search and its galleries.
    return withRefusalFacts({ object: { type: 'search', id: searchId }, galleries: targets.map((t) => t.gallery.id) }, () => this.run(actor, input, targets, skipped, searchId, commitment, now));
  }

  private async run(actor: Actor, input: SearchInput, targets: Target[], skipped: SearchAnswer['skipped'], searchId: string, commitment: string, now: Date): Promise<SearchAnswer> {
    const probes = new Map<string, AnalysedFace>();
    for (const modelId of new Set(targets.map((t) => t.gallery.modelId!))) {
      const faces = await this.deps.faces.analyse(input.probe, { modelId, ...(input.probeLandmarks ? { landmarks: input.probeLandmarks } : {}) });
      if (faces.length === 0) fail('ABG_ERR_NO_FACE');
      if (faces[0]!.quality.verdict === 'reject') fail('ABG_ERR_QUALITY_TOO_LOW', faces[0]!.quality.reasons.join('; '), { quality: faces[0]!.quality });
      probes.set(modelId, faces[0]!);
    }

    const requester = (await this.deps.store.agencies.get(actor.agencyId))!;
    const createdAt = now.toISOString();
    const hits: Hit[] = [];
    const galleries: SearchAnswer['galleries'] = [];
    for (const t of targets) {
      const modelId = t.gallery.modelId!;
      const probe = probes.get(modelId)!;
      const threshold = this.deps.faces.scoreAtFmr(modelId, t.gallery.thresholdFmr);
      const k = Math.min(t.maxCandidates, input.mode === 'investigation' ? input.topK ?? t.maxCandidates : t.maxCandidates);
      const found = await this.bestPerSubject(modelId, probe.embedding, t.gallery.id, k);
      const kept = input.mode === 'identification' ? found.filter((f) => f.score >= threshold) : found;
      const candidates: Candidate[] = [];
      kept.forEach((f, i) => {
        const hit: Hit = {
          id: this.deps.newId(), searchId, galleryId: t.gallery.id, subjectId: f.subjectId, sampleId: f.sampleId,
          ownerAgencyId: t.gallery.agencyId, requesterAgencyId: actor.agencyId, agreementId: t.agreement?.id ?? null,
          score: f.score, fmr: this.deps.faces.fmrAtScore(modelId, f.score), rank: i + 1, aboveThreshold: f.score >= threshold,
          state: 'pending', reviewsRequired: requester.reviewsRequired, onDisagreement: requester.onDisagreement, createdAt, decidedAt: null,
        };
        hits.push(hit);
        candidates.push({ hitId: hit.id, score: round(hit.score), fmrAtScore: hit.fmr, rank: hit.rank, aboveThreshold: hit.aboveThreshold });
      });
      const index = this.deps.index.indexStatus?.(modelId, t.gallery.id) ?? { kind: 'exact' as const };
      galleries.push({ galleryId: t.gallery.id, galleryName: t.gallery.name, threshold: round(threshold), index, candidates });
    }

    const sealedProbe = this.sealProbe(searchId, input.probe);
    const record: SearchRecord = {
      id: searchId, kind: 'search', agencyId: actor.agencyId, userId: actor.userId, purpose: input.purpose, caseRef: input.caseRef,
      authorisationRef: input.authorisationRef, mode: input.mode, galleryIds: targets.map((t) => t.gallery.id), probeCommitment: commitment,
      sealedProbe: sealedProbe.sealed, probeKey: sealedProbe.wrapped, result: { candidates: hits.length }, createdAt,
    };
    const logIndex = await this.deps.store.transaction(async (tx) => {
      await tx.searches.insert(record);
      await tx.hits.insertMany(hits);
      return this.deps.audit.append({
        action: 'search.end', actor, purpose: input.purpose, caseRef: input.caseRef, authorisationRef: input.authorisationRef,
        galleries: record.galleryIds, probes: [commitment], object: { type: 'search', id: searchId }, decision: input.mode,
        result: {
          // Every candidate becomes a potential hit awaiting review.
          counts: { candidates: hits.length, potentialHits: hits.length },
          byGallery: Object.fromEntries(galleries.map((g) => [g.galleryId, { candidates: g.candidates.length, potentialHits: g.candidates.length }])),
          ids: hits.map((h) => h.id),
        },
      }, tx);
    });
    const face = [...probes.values()][0]!;
    return { searchId, mode: input.mode, purpose: input.purpose, caseRef: input.caseRef, probeQuality: face.quality, probeFace: geometryOf(face), galleries, skipped, logIndex };
  }

  /** The galleries an operator may search (for the purpose, or for any purpose), own and shared, with the agreement's limits. */
  async searchable(actor: Actor, purpose?: string): Promise<SearchableGallery[]> {
    authorize(actor, 'search.run', { type: 'agency', agencyId: actor.agencyId });
    const nameOf = agencyNames(this.deps.store);
    const out: SearchableGallery[] = [];
    for (const t of (await this.scope(actor, purpose ?? null, this.deps.now())).values()) {
      const g = t.gallery;
      const purposes = t.agreement ? g.purposes.filter((p) => t.agreement!.purposes.includes(p)) : g.purposes;
      out.push({ id: g.id, name: g.name, ownerAgencyName: await nameOf(g.agencyId), own: !t.agreement, purposes, maxCandidates: t.maxCandidates, validUntil: t.agreement?.validUntil ?? null });
    }
    return out.sort((a, b) => Number(b.own) - Number(a.own) || a.name.localeCompare(b.name));
  }

  /** Galleries the actor may search for the purpose: its own, and others' under an active agreement. */
  async targets(actor: Actor, purpose: string, requested: string[] | undefined, now: Date): Promise<Target[]> {
    const { store } = this.deps;
    const targets = await this.scope(actor, purpose, now);
    if (requested && requested.length > 0) {
      const chosen: Target[] = [];
      for (const id of new Set(requested)) {
        const t = targets.get(id);
        if (t) { chosen.push(t); continue; }
        const g = await store.galleries.get(id);
        if (!g) fail('ABG_ERR_NOT_FOUND', `Gallery ${id}.`);
        if (g.agencyId === actor.agencyId) fail('ABG_ERR_VALIDATION', `Gallery ${g.name} may not be searched for ${purpose}.`);
        fail('ABG_ERR_NO_AGREEMENT', `Gallery ${id}, purpose ${purpose}.`, { galleryId: id, purpose });
      }
      return chosen;
    }
    if (targets.size === 0) fail('ABG_ERR_NO_AGREEMENT', `No gallery may be searched for ${purpose}.`, { purpose });
    return [...targets.values()];
  }

  /** Own face galleries and others' under an active agreement, for the purpose (null: any purpose). */
  private async scope(actor: Actor, purpose: string | null, now: Date): Promise<Map<string, Target>> {
    const { store } = this.deps;
    const allows = (purposes: string[]) => purpose === null || purposes.includes(purpose);
    const targets = new Map<string, Target>();
    for (const g of await store.galleries.listByAgency(actor.agencyId)) {
      if (g.kind === 'face' && allows(g.purposes)) targets.set(g.id, { gallery: g, agreement: null, maxCandidates: g.maxCandidates });
    }
    for (const a of await store.agreements.listForRequester(actor.agencyId)) {
      for (const gid of a.galleryIds) {
        if (targets.has(gid)) continue;
        const common = purpose === null ? a.purposes : [purpose];
        if (!common.some((p) => agreementCovers(a, gid, p, now))) continue;
        const g = await store.galleries.get(gid);
        if (g && g.kind === 'face' && g.agencyId === a.ownerAgencyId && common.some((p) => g.purposes.includes(p))) targets.set(gid, { gallery: g, agreement: a, maxCandidates: a.maxCandidates });
      }
    }
    return targets;
  }

  /**
   * Identification mode only where the calibrated FPIR at the threshold meets the declared requirement.
   * The default scope leaves out the galleries that fail (reported as skipped) and fails only when none
   * remains; a gallery the requester named that fails refuses the whole search.
   */
  private async accuracyGate(scope: Target[], defaultScope: boolean): Promise<{ targets: Target[]; skipped: SkippedGallery[] }> {
    const targets: Target[] = [];
    const skipped: SkippedGallery[] = [];
    const failing: Record<string, unknown>[] = [];
    for (const t of scope) {
      const g = t.gallery;
      const size = await this.deps.store.samples.countByGallery(g.id);
      const threshold = this.deps.faces.scoreAtFmr(g.modelId!, g.thresholdFmr);
      // FPIR of an N-record gallery at threshold t is about 1 − (1 − FMR(t))^N.
      const fpir = 1 - Math.pow(1 - this.deps.faces.fmrAtScore(g.modelId!, threshold), Math.max(size, 1));
      if (g.requiredFpir !== null && fpir <= g.requiredFpir) { targets.push(t); continue; }
      skipped.push({ galleryId: g.id, galleryName: g.name, reason: 'accuracy-gate', expectedFpir: fpir, requiredFpir: g.requiredFpir });
      failing.push({ galleryId: g.id, expectedFpir: fpir, requiredFpir: g.requiredFpir, size });
    }
    if (failing.length > 0 && (!defaultScope || targets.length === 0)) fail('ABG_ERR_ACCURACY_GATE', undefined, { galleries: failing });
    return { targets, skipped };
  }

  private async bestPerSubject(modelId: string, template: Float32Array, galleryId: string, k: number) {
    const raw = await this.deps.index.search(modelId, template, k * 4, [galleryId]);
    // Items under an objection for search (or all purposes) never become candidates.
    const objected = (await this.deps.objections?.excluded(raw.map((r) => r.sampleId), 'search')) ?? new Set<string>();
    // One query for the subjects of all answers, not one (with its template) per answer.
    const subjectOf = await this.deps.store.samples.subjectsOf(raw.map((r) => r.sampleId));
    const best = new Map<string, { subjectId: string; sampleId: string; score: number }>();
    for (const r of raw) {
      const subjectId = subjectOf.get(r.sampleId);
      if (objected.has(r.sampleId) || !subjectId) continue; // objected, or erased after the index answered
      const prev = best.get(subjectId);
      if (!prev || r.score > prev.score) best.set(subjectId, { subjectId, sampleId: r.sampleId, score: r.score });
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, k);
  }

  private sealProbe(searchId: string, probe: Uint8Array) {
    const key = this.deps.envelope.newDataKey(`search:${searchId}`);
    return { sealed: this.deps.envelope.seal(key.plain, probe, `probe:${searchId}`), wrapped: key.wrapped };
  }
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The box and landmarks of an analysed face (none when the engine places no landmarks). */
export function geometryOf(face: AnalysedFace): FaceGeometry {
  return { box: face.box, landmarks: face.landmarks ?? [] };
}
