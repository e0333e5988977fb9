// Releases of images to other agencies: every image handed across the agency border is marked
// (visibly and in its metadata) and recorded with its fingerprints — PDQ of the released bytes and
// of the original, and the original's face template sealed under the subject's data key — so that
// enrollment can refuse the image, or a near copy of it, in any gallery but its owner's.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import type { Release, ReleaseKind, ReleasePdq } from '../domain/release.ts';
import type { Hit, Sample } from '../domain/workflow.ts';
import { facesOfImage } from './objection-matching.ts';
import { openReleaseTemplate, openTemplate, sealReleaseTemplate, subjectKey } from './sample-seal.ts';
import type { EvidenceSignals } from './ports/evidence-signals.ts';
import type { AnalysedFace } from './ports/face-engine.ts';
import type { PdqRadiusIndex } from './ports/perceptual-matching.ts';
import type { ReleaseMark, ReleaseMarking } from './ports/release-marking.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** Which release an image copies, how it was recognised and how closely. */
export interface ReleaseCatch {
  releaseId: string;
  ownerAgencyId: string;
  stage: 'perceptual' | 'face';
  /** Hamming distance (perceptual) or template similarity (face). */
  measure: number;
  /** Perceptual only: which hash (released bytes or original) and which rotation/flip matched. */
  fingerprint?: 'released' | 'original';
  variant?: string;
}

type Fingerprints = { pdq: PdqRadiusIndex; byKey: Map<string, Release>; faces: { release: Release; template: Float32Array }[] };

export class ReleaseService {
  constructor(private readonly deps: WorkflowDeps) {}

  private get marking(): ReleaseMarking {
    if (!this.deps.marking) fail('ABG_ERR_CONFIG', 'Releases need the image marking; the runtime did not provide it.');
    return this.deps.marking;
  }

  private get evidence(): EvidenceSignals {
    if (!this.deps.evidence) fail('ABG_ERR_CONFIG', 'Releases need the media signals; the runtime did not provide them.');
    return this.deps.evidence;
  }

  /**
   * The candidate image of a hit as the requester receives it: within the owner's agency the stored
   * image itself; across the border marked, recorded (once per hit) and logged on every download.
   */
  async candidateImage(actor: Actor, hit: Hit, sample: Sample, original: Buffer): Promise<{ bytes: Uint8Array; mediaType: string; releaseId: string | null }> {
    if (hit.ownerAgencyId === actor.agencyId) {
      await this.deps.store.transaction((tx) => this.deps.audit.append({ action: 'hit.candidate-image', actor, galleries: [hit.galleryId], object: { type: 'hit', id: hit.id } }, tx));
      return { bytes: original, mediaType: 'application/octet-stream', releaseId: null };
    }
    const search = (await this.deps.store.searches.get(hit.searchId))!;
    const existing = await this.deps.store.releases.findByHit(hit.id, 'candidate-image');
    const release = existing ?? (await this.newRelease(actor, 'candidate-image', { hit, sample, original, caseRef: search.caseRef }));
    const marked = await this.marking.mark(original, await this.markOf(release));
    const releasedPdq = existing ? null : (await this.evidence.compute(marked.bytes)).pdq;
    await this.deps.store.transaction(async (tx) => {
      if (!existing) await tx.releases.insert({ ...release, releasedPdq });
      await this.deps.audit.append({
        action: 'release', actor, caseRef: search.caseRef, purpose: search.purpose, galleries: [hit.galleryId], object: { type: 'release', id: release.id },
        decision: 'candidate-image', recipients: [hit.requesterAgencyId], result: { ids: [hit.id] },
      }, tx);
    });
    return { ...marked, releaseId: release.id };
  }

  private async newRelease(actor: Actor, kind: ReleaseKind, o: { hit: Hit; sample: Sample; original: Uint8Array; caseRef: string }): Promise<Release> {
    const { hit, sample } = o;
    const id = this.deps.newId();
    const key = await subjectKey(this.deps.store, this.deps.envelope, sample.subjectId);
    if (!key) fail('ABG_ERR_SUBJECT_ERASED');
    const template = openTemplate(this.deps.envelope, key, sample.id, sample.sealedTemplate);
    return {
      id, kind, ownerAgencyId: hit.ownerAgencyId, recipientAgencyId: hit.requesterAgencyId, caseRef: o.caseRef, hitId: hit.id,
      galleryId: hit.galleryId, subjectId: sample.subjectId, sampleId: sample.id, releasedBy: actor.userId, createdAt: this.deps.now().toISOString(),
      releasedPdq: null, originalPdq: (await this.evidence.compute(o.original)).pdq,
      sealedTemplate: sealReleaseTemplate(this.deps.envelope, key, id, template),
      modelId: sample.modelId, restrictedAt: null,
    };
  }

  private async markOf(r: Release): Promise<ReleaseMark> {
    const name = async (id: string) => ({ id, name: (await this.deps.store.agencies.get(id))?.name ?? id });
    return { releaseId: r.id, ownerAgency: await name(r.ownerAgencyId), recipientAgency: await name(r.recipientAgencyId), caseRef: r.caseRef, releasedAt: r.createdAt, notice: 'no onward transfer' };
  }

  /**
   * The first release of another agency that a new item copies: by PDQ (every rotation/flip of the
   * item against the released and the original hash, within the PDQ rule's radius), then by the
   * face template at the model's "same image" score. Null when it copies none.
   */
  async copyOf(agencyId: string, image: Uint8Array, face?: AnalysedFace): Promise<ReleaseCatch | null> {
    const fp = await this.fingerprints(agencyId);
    if (fp.byKey.size === 0 && fp.faces.length === 0) return null;
    const variants = await this.evidence.pdqVariants(image);
    if (variants && fp.pdq.size > 0 && this.deps.perceptual.pdqUsable(variants)) {
      const hits = [...(await fp.pdq.searchVariants(Object.values(variants.hashes)))].sort((a, b) => a[1].distance - b[1].distance);
      const best = hits[0];
      if (best) {
        const release = fp.byKey.get(best[0])!;
        return { releaseId: release.id, ownerAgencyId: release.ownerAgencyId, stage: 'perceptual', measure: best[1].distance, fingerprint: best[0].endsWith(':released') ? 'released' : 'original', variant: best[1].variant };
      }
    }
    const facesOf = facesOfImage(this.deps.faces, image, face);
    let best: { release: Release; score: number } | null = null;
    for (const modelId of new Set(fp.faces.map((f) => f.release.modelId))) {
      const threshold = this.deps.faces.sameImageScore?.(modelId);
      if (threshold === undefined) continue;
      const templates = await facesOf(modelId);
      for (const f of fp.faces.filter((x) => x.release.modelId === modelId)) {
        for (const t of templates) {
          const score = this.deps.faces.compare(modelId, f.template, t);
          if (score >= threshold && (!best || score > best.score)) best = { release: f.release, score };
        }
      }
    }
    return best ? { releaseId: best.release.id, ownerAgencyId: best.release.ownerAgencyId, stage: 'face', measure: Math.round(best.score * 1e6) / 1e6 } : null;
  }

  // Enrollment asks on every item: the fingerprints of other agencies' releases are kept decoded
  // until a release is recorded or restricted (one cheap query tells).
  private readonly cache = new Map<string, { version: string; data: Promise<Fingerprints> }>();

  private async fingerprints(agencyId: string): Promise<Fingerprints> {
    const version = await this.deps.store.releases.version();
    const hit = this.cache.get(agencyId);
    if (hit && hit.version === version) return hit.data;
    const data = (async () => {
      const pdq = this.deps.perceptual.pdqIndex();
      const byKey = new Map<string, Release>();
      const faces: Fingerprints['faces'] = [];
      for (const r of await this.deps.store.releases.listNotOwnedBy(agencyId)) {
        const add = (which: 'released' | 'original', p: ReleasePdq | null) => {
          if (!p || !this.deps.perceptual.pdqUsable(p)) return;
          pdq.add(`${r.id}:${which}`, p.hash);
          byKey.set(`${r.id}:${which}`, r);
        };
        add('released', r.releasedPdq);
        add('original', r.originalPdq);
        const template = r.sealedTemplate && (await this.openTemplate(r));
        if (template) faces.push({ release: r, template });
      }
      return { pdq, byKey, faces };
    })();
    this.cache.set(agencyId, { version, data });
    data.catch(() => this.cache.delete(agencyId));
    return data;
  }

  /** The release's template, or undefined once the subject's key is gone (erased). */
  private async openTemplate(r: Release): Promise<Float32Array | undefined> {
    const key = await subjectKey(this.deps.store, this.deps.envelope, r.subjectId);
    if (!key) return undefined;
    return openReleaseTemplate(this.deps.envelope, key, r.id, r.sealedTemplate!);
  }
}
