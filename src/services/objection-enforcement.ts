// Objection enforcement: the ObjectionFilter that enrollment, search and triage consult, and the
// sweep of stored items that exports (and a new filing) run so that later uses skip them. Reads
// the agency's active evidence once per change and matches items stage by stage.
import type { Gallery } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { objectionCovers, purposesCovering, type ObjectionMatch, type ObjectionPurpose } from '../domain/objection.ts';
import type { Store } from '../store/store.ts';
import { facesOfImage, matchItem, objectionAudio, type EvidenceView } from './objection-matching.ts';
import { openTemplate } from './sample-seal.ts';
import type { EvidenceSignals } from './ports/evidence-signals.ts';
import type { AnalysedFace } from './ports/face-engine.ts';
import type { ComputedItem, ObjectionCatch, ObjectionFilter } from './ports/objection-filter.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface ObjectionOptions {
  /** Target false-match rate per comparison of the face stage (default 1e-5). */
  faceFmr?: number;
  /** What enrollment does with a new item an objection reaches (default refuse). */
  onEnrollment?: 'refuse' | 'flag';
}

/** The evidence signals of the runtime; objections cannot work without them. */
export function evidenceSignalsOf(deps: WorkflowDeps): EvidenceSignals {
  if (!deps.evidence) fail('ABG_ERR_CONFIG', 'Objections need the media signals; the runtime did not provide them.');
  return deps.evidence;
}

export class ObjectionEnforcement implements ObjectionFilter {
  readonly onEnrollment: 'refuse' | 'flag';
  private readonly faceFmr: number;

  constructor(private readonly deps: WorkflowDeps, options: ObjectionOptions = {}) {
    this.onEnrollment = options.onEnrollment ?? 'refuse';
    this.faceFmr = options.faceFmr ?? 1e-5;
  }

  private get evidence(): EvidenceSignals {
    return evidenceSignalsOf(this.deps);
  }

  async checkNew(agencyId: string, image: Uint8Array, face?: AnalysedFace): Promise<ObjectionCatch | null> {
    const view = await this.storedView(agencyId, 'all');
    if (view.objections.size === 0) return null;
    const signals = await this.evidence.compute(image);
    const r = await matchItem(view, { signals, faces: facesOfImage(this.deps.faces, image, face) }, this.matchOptions(true));
    return r.first;
  }

  /** Checks many already-computed items against one reading of the agency's active objections. */
  async checkComputed(agencyId: string, items: ComputedItem[]): Promise<(ObjectionCatch | null)[]> {
    const view = await this.storedView(agencyId, 'all');
    if (view.objections.size === 0) return items.map(() => null);
    const out: (ObjectionCatch | null)[] = [];
    for (const item of items) {
      const faces = async (modelId: string) => item.faces.filter((f) => f.modelId === modelId).map((f) => f.embedding);
      out.push((await matchItem(view, { signals: { sha256: item.sha256, md5: item.md5, pdq: item.pdq, audio: item.audio ?? null }, faces }, this.matchOptions(true))).first);
    }
    return out;
  }

  async recordMatch(tx: Store, c: ObjectionCatch, sampleId: string, galleryId: string, at: string) {
    await tx.objections.addMatches([{ objectionId: c.objectionId, sampleId, galleryId, stage: c.stage, measure: c.measure, createdAt: at }]);
  }

  async excluded(sampleIds: string[], purpose: ObjectionPurpose): Promise<Set<string>> {
    if (sampleIds.length === 0) return new Set();
    return new Set((await this.deps.store.objections.matchesForSamples(sampleIds, purposesCovering(purpose))).map((m) => m.sampleId));
  }

  /** Finds the gallery's stored items that the agency's active objections covering `purpose` reach, and records them. */
  async sweepAndRecord(gallery: Gallery, purpose: ObjectionPurpose) {
    const view = await this.storedView(gallery.agencyId, purpose);
    if (view.objections.size === 0) return [];
    const matches = await this.sweepGallery(gallery, view, this.deps.now().toISOString());
    if (matches.length > 0) await this.deps.store.transaction((tx) => tx.objections.addMatches(matches));
    return matches;
  }

  /** How items are matched: the evidence signals, perceptual rules and face threshold of this deployment. */
  matchOptions(stopAtFirst: boolean) {
    return { evidence: this.evidence, perceptual: this.deps.perceptual, faces: this.deps.faces, faceFmr: this.faceFmr, stopAtFirst };
  }

  /** The evidence of the agency's active objections covering `purpose` (or only objection `onlyId`), from the store. */
  async storedView(agencyId: string, purpose: ObjectionPurpose, onlyId?: string): Promise<EvidenceView> {
    const all = await this.agencyEvidence(agencyId);
    const objections = new Map([...all.objections].filter(([id, o]) => (onlyId ? id === onlyId : purpose === 'all' || objectionCovers(o.purposes, purpose))));
    const store = this.deps.store.objections;
    return {
      objections,
      pdq: all.pdq.filter((p) => objections.has(p.objectionId)),
      faces: all.faces.filter((f) => objections.has(f.objectionId)),
      // One index for the agency; hits of objections outside this view are dropped by matchItem.
      audio: all.audio,
      exact: async (sig) => {
        if (objections.size === 0) return null;
        const digests = [{ kind: 'sha256' as const, value: sig.sha256 }, { kind: 'md5' as const, value: sig.md5 }].filter((d) => d.value);
        return (await store.findExact(agencyId, digests)).find((s) => objections.has(s.objectionId))?.objectionId ?? null;
      },
    };
  }

  // Enrollment asks on every item: the agency's PDQ evidence, recordings (indexed) and face references are kept decoded
  // until an objection of the agency is filed or withdrawn (checked with one cheap query, so
  // replicas sharing a database see each other's changes).
  private readonly cache = new Map<string, { version: string; data: Promise<Omit<EvidenceView, 'exact'>> }>();

  private async agencyEvidence(agencyId: string): Promise<Omit<EvidenceView, 'exact'>> {
    const store = this.deps.store.objections;
    const version = await store.version(agencyId);
    const hit = this.cache.get(agencyId);
    if (hit && hit.version === version) return hit.data;
    const data = (async () => {
      const objections = new Map((await store.listByAgency(agencyId, { status: 'active' })).map((o) => [o.id, o]));
      if (objections.size === 0) return { objections, pdq: [], faces: [], audio: null };
      const pdq = (await store.activePdq(agencyId)).map((s) => ({ objectionId: s.objectionId, hash: { hash: s.value, quality: s.quality ?? 0 }, variant: s.variant }));
      const faces = [];
      for (const t of await store.activeFaceTemplates(agencyId)) {
        const key = this.deps.envelope.unwrap(t.wrappedKey, `objection:${t.objectionId}`);
        const raw = this.deps.envelope.open(key, t.sealedTemplate, `objection-face:${t.objectionId}`);
        const template = new Float32Array(raw.byteLength / 4);
        new Uint8Array(template.buffer).set(raw);
        faces.push({ objectionId: t.objectionId, modelId: t.modelId, template });
      }
      const audio = objectionAudio(this.deps.perceptual, await store.activeRecordings(agencyId));
      return { objections, pdq, faces, audio };
    })();
    this.cache.set(agencyId, { version, data });
    data.catch(() => this.cache.delete(agencyId));
    return data;
  }

  /** Every stored sample of a gallery that the evidence reaches, decrypted one at a time. */
  async sweepGallery(gallery: Gallery, view: EvidenceView, at: string): Promise<ObjectionMatch[]> {
    const { store, envelope } = this.deps;
    const out: ObjectionMatch[] = [];
    for (let offset = 0; ; offset += 500) {
      const subjects = await store.subjects.listByGallery(gallery.id, { limit: 500, offset });
      for (const subject of subjects) {
        const wrapped = await store.subjects.wrappedKey(subject.id);
        if (!wrapped) continue;
        const key = envelope.unwrap(wrapped, `subject:${subject.id}`);
        for (const sample of await store.samples.listBySubject(subject.id)) {
          const image = envelope.open(key, sample.sealedImage, `image:${sample.id}`);
          const signals = await this.evidence.compute(image);
          const faces = async (modelId: string) => (modelId === sample.modelId ? [openTemplate(envelope, key, sample.id, sample.sealedTemplate)] : []);
          const r = await matchItem(view, { signals, faces }, this.matchOptions(true));
          if (r.first) out.push({ objectionId: r.first.objectionId, sampleId: sample.id, galleryId: gallery.id, stage: r.first.stage, measure: r.first.measure, createdAt: at });
        }
      }
      if (subjects.length < 500) return out;
    }
  }
}
