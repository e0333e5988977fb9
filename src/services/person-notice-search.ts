// The searches a recipient runs under a notice it accepted: once on acceptance over its chosen
// galleries, then as a standing search against every new enrollment into them. Candidates become
// potential hits of the recipient (its own examiners review them), linked to the notice.
import type { Agency, Gallery } from '../domain/entities.ts';
import type { NoticeHit, NoticeRecipient, PersonNotice } from '../domain/person-notice.ts';
import type { Hit } from '../domain/workflow.ts';
import type { Store } from '../store/store.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface NoticeCandidate {
  gallery: Gallery;
  subjectId: string;
  sampleId: string;
  score: number;
}

/** The context under which the notice's key and templates are sealed. */
export const noticeKeyContext = (noticeId: string) => `notice:${noticeId}`;
export const noticeProbeContext = (noticeId: string) => `notice-probe:${noticeId}`;
export const noticeTemplateContext = (noticeId: string, agencyId: string, modelId: string) => `notice-template:${noticeId}:${agencyId}:${modelId}`;

/** Seals a template of the notice's probe for one recipient and model. */
export function sealNoticeTemplate(deps: Pick<WorkflowDeps, 'envelope'>, key: Buffer, noticeId: string, agencyId: string, modelId: string, t: Float32Array): string {
  return deps.envelope.seal(key, new Uint8Array(t.buffer, t.byteOffset, t.byteLength), noticeTemplateContext(noticeId, agencyId, modelId));
}

/** Opens a recipient's sealed template of the notice's probe. */
export function openNoticeTemplate(deps: Pick<WorkflowDeps, 'envelope'>, key: Buffer, noticeId: string, agencyId: string, modelId: string, sealed: string): Float32Array {
  const b = deps.envelope.open(key, sealed, noticeTemplateContext(noticeId, agencyId, modelId));
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** The best sample per subject at or above the gallery's threshold, objected samples left out (as search does). */
export async function noticeCandidates(deps: WorkflowDeps, gallery: Gallery, template: Float32Array): Promise<NoticeCandidate[]> {
  const modelId = gallery.modelId!;
  const threshold = deps.faces.scoreAtFmr(modelId, gallery.thresholdFmr);
  const raw = (await deps.index.search(modelId, template, gallery.maxCandidates * 4, [gallery.id])).filter((r) => r.score >= threshold);
  const objected = (await deps.objections?.excluded(raw.map((r) => r.sampleId), 'search')) ?? new Set<string>();
  const subjectOf = await deps.store.samples.subjectsOf(raw.map((r) => r.sampleId));
  const best = new Map<string, NoticeCandidate>();
  for (const r of raw) {
    const subjectId = subjectOf.get(r.sampleId);
    if (objected.has(r.sampleId) || !subjectId) continue;
    const prev = best.get(subjectId);
    if (!prev || r.score > prev.score) best.set(subjectId, { gallery, subjectId, sampleId: r.sampleId, score: r.score });
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, gallery.maxCandidates);
}

/** Potential hits of the recipient for the candidates, and their links to the notice. */
export function noticeHits(deps: WorkflowDeps, notice: PersonNotice, recipient: Agency, searchId: string, found: NoticeCandidate[], firstRank: number): { hits: Hit[]; links: NoticeHit[] } {
  const createdAt = deps.now().toISOString();
  const hits = found.map((f, i): Hit => {
    const modelId = f.gallery.modelId!;
    return {
      id: deps.newId(), searchId, galleryId: f.gallery.id, subjectId: f.subjectId, sampleId: f.sampleId, ownerAgencyId: recipient.id, requesterAgencyId: recipient.id,
      agreementId: null, score: f.score, fmr: deps.faces.fmrAtScore(modelId, f.score), rank: firstRank + i, aboveThreshold: true, state: 'pending',
      reviewsRequired: recipient.reviewsRequired, onDisagreement: recipient.onDisagreement, createdAt, decidedAt: null,
    };
  });
  return { hits, links: hits.map((h) => ({ id: deps.newId(), noticeId: notice.id, agencyId: recipient.id, hitId: h.id, createdAt })) };
}

/**
 * The standing searches for one new sample: every accepted, circulating notice whose recipient
 * searches the gallery compares its template with the new one. Returns the potential hits made.
 */
export async function standingSearch(deps: WorkflowDeps, gallery: Gallery, sample: { id: string; subjectId: string }, template: Float32Array): Promise<number> {
  const modelId = gallery.modelId!;
  const now = deps.now();
  const standing = await deps.store.personNotices.standing(gallery.id, now.toISOString());
  if (standing.length === 0) return 0;
  const threshold = deps.faces.scoreAtFmr(modelId, gallery.thresholdFmr);
  const matches: { notice: PersonNotice; recipient: NoticeRecipient; score: number }[] = [];
  for (const { notice, recipient } of standing) {
    const sealed = recipient.sealedTemplates[modelId];
    if (!sealed || !notice.probeKey) continue;
    const key = deps.envelope.unwrap(notice.probeKey, noticeKeyContext(notice.id));
    const score = deps.faces.compare(modelId, openNoticeTemplate(deps, key, notice.id, recipient.agencyId, modelId, sealed), template);
    if (score >= threshold) matches.push({ notice, recipient, score });
  }
  if (matches.length === 0) return 0;
  if ((await deps.objections?.excluded([sample.id], 'search'))?.has(sample.id)) return 0;
  const agency = (await deps.store.agencies.get(gallery.agencyId))!;
  let made = 0;
  for (const m of matches) {
    made += await deps.store.transaction(async (tx) => {
      const searchId = m.recipient.searchId!;
      const earlier = await tx.hits.listBySearch(searchId);
      // One potential hit per subject and notice: a further photo of a subject already found adds nothing.
      if (earlier.some((h) => h.subjectId === sample.subjectId)) return 0;
      const { hits, links } = noticeHits(deps, m.notice, agency, searchId, [{ gallery, subjectId: sample.subjectId, sampleId: sample.id, score: m.score }], earlier.length + 1);
      await tx.hits.insertMany(hits);
      await tx.personNotices.insertHits(links);
      await deps.audit.append({
        action: 'notice.standing-hit', actor: null, systemAgencyId: agency.id, purpose: m.notice.purpose, caseRef: m.notice.caseRef, galleries: [gallery.id],
        object: { type: 'notice', id: m.notice.id }, result: { counts: { potentialHits: 1 }, ids: hits.map((h) => h.id) },
      }, tx);
      return 1;
    });
  }
  return made;
}

/** The hits that still exist among the ids, in their order. */
export async function hitsOf(store: Pick<Store, 'hits'>, hitIds: string[]): Promise<Hit[]> {
  const out: Hit[] = [];
  for (const id of hitIds) {
    const h = await store.hits.get(id);
    if (h) out.push(h);
  }
  return out;
}
