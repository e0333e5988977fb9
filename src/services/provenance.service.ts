// Provenance per sample (source, capture date, legal basis): shown to the owning agency and corrected
// by it, each correction logged with the names of the fields it changed, never their values.
import type { Actor, Gallery } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import type { Provenance, Sample } from '../domain/workflow.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** A sample as its owner sees it: provenance and quality, no image or template. */
export interface SampleView {
  id: string;
  subjectId: string;
  galleryId: string;
  provenance: Provenance;
  quality: { score: number; verdict: string };
  modelId: string;
  createdAt: string;
}

export interface ProvenanceChange {
  sample: SampleView;
  /** The fields whose value changed; empty when the correction changed nothing (then nothing is logged). */
  changed: (keyof Provenance)[];
  logIndex: number | null;
}

const provenanceFields = ['source', 'captureDate', 'legalBasis'] as const;

export class ProvenanceService {
  constructor(private readonly deps: WorkflowDeps) {}

  /** The samples of a subject of the actor's agency, with their provenance. */
  async samples(actor: Actor, subjectId: string): Promise<SampleView[]> {
    const subject = await this.deps.store.subjects.get(subjectId);
    const gallery = subject && (await this.ownGallery(actor, subject.galleryId));
    if (!subject || !gallery) fail('ABG_ERR_NOT_FOUND', `Subject ${subjectId}.`);
    authorize(actor, 'sample.list', { type: 'gallery', agencyId: gallery.agencyId });
    return (await this.deps.store.samples.listBySubject(subject.id)).map(view);
  }

  /** Corrects a sample's provenance; the change and its log entry commit together. */
  async correct(actor: Actor, sampleId: string, patch: Partial<Provenance>): Promise<ProvenanceChange> {
    const sample = await this.deps.store.samples.get(sampleId);
    const gallery = sample && (await this.ownGallery(actor, sample.galleryId));
    if (!sample || !gallery) fail('ABG_ERR_NOT_FOUND', `Sample ${sampleId}.`);
    authorize(actor, 'sample.update-provenance', { type: 'gallery', agencyId: gallery.agencyId });
    const next = { ...sample.provenance, ...cleaned(patch) };
    if (!next.source || !next.legalBasis) fail('ABG_ERR_VALIDATION', 'source and legalBasis may not be empty.');
    const changed = provenanceFields.filter((f) => next[f] !== sample.provenance[f]);
    if (changed.length === 0) return { sample: view(sample), changed, logIndex: null };
    const logIndex = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.samples.updateProvenance(sample.id, next))) fail('ABG_ERR_NOT_FOUND', `Sample ${sampleId}.`);
      // Source and capture date may describe the person: the entry names the fields, not their values.
      return this.deps.audit.append({ action: 'provenance.change', actor, galleries: [gallery.id], object: { type: 'sample', id: sample.id }, fields: [...changed] }, tx);
    });
    return { sample: view({ ...sample, provenance: next }), changed, logIndex };
  }

  /** The gallery when it belongs to the actor's agency; other agencies' samples stay invisible. */
  private async ownGallery(actor: Actor, galleryId: string): Promise<Gallery | undefined> {
    const g = await this.deps.store.galleries.get(galleryId);
    return g && g.agencyId === actor.agencyId ? g : undefined;
  }
}

/** The fields given, trimmed; an empty capture date clears it. */
function cleaned(p: Partial<Provenance>): Partial<Provenance> {
  const out: Partial<Provenance> = {};
  if (p.source !== undefined) out.source = p.source.trim();
  if (p.legalBasis !== undefined) out.legalBasis = p.legalBasis.trim();
  if (p.captureDate !== undefined) out.captureDate = p.captureDate?.trim() || null;
  return out;
}

function view(s: Sample): SampleView {
  return { id: s.id, subjectId: s.subjectId, galleryId: s.galleryId, provenance: s.provenance, quality: { score: s.quality.score, verdict: s.quality.verdict }, modelId: s.modelId, createdAt: s.createdAt };
}
