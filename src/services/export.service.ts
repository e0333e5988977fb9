// Dataset exports: a manifest of a gallery's items for a purpose (AI training by default) that
// leaves out every item under an objection covering that purpose and says which stage caught it.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import { objectionPurposes, purposesCovering, type ObjectionMatch, type ObjectionPurpose, type ObjectionStage } from '../domain/objection.ts';
import type { ObjectionEnforcement } from './objection-enforcement.ts';
import { openFileName, subjectKey } from './sample-seal.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface ManifestItem {
  sampleId: string;
  subjectRef: string;
  fileName: string | null;
  modelId: string;
  createdAt: string;
}

export interface ExcludedItem extends ManifestItem {
  objectionId: string;
  stage: ObjectionStage;
  measure: number;
}

export class ExportService {
  constructor(private readonly deps: WorkflowDeps, private readonly enforcement: ObjectionEnforcement) {}

  /** Sweeps the gallery against the objections first, so items enrolled before an objection are caught too. */
  async manifest(actor: Actor, galleryId: string, purpose: ObjectionPurpose = 'ai-training') {
    const gallery = await this.deps.store.galleries.get(galleryId);
    if (!gallery || gallery.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Gallery ${galleryId}.`);
    authorize(actor, 'export.manifest', { type: 'gallery', agencyId: gallery.agencyId });
    if (!objectionPurposes.includes(purpose) || purpose === 'all') fail('ABG_ERR_VALIDATION', 'purpose must be search or ai-training.');

    await this.enforcement.sweepAndRecord(gallery, purpose);
    const under = new Map<string, ObjectionMatch>();
    for (const m of await this.deps.store.objections.matchesForGallery(gallery.id, purposesCovering(purpose))) if (!under.has(m.sampleId)) under.set(m.sampleId, m);

    const items: ManifestItem[] = [];
    const excluded: ExcludedItem[] = [];
    for (let offset = 0; ; offset += 500) {
      const subjects = await this.deps.store.subjects.listByGallery(gallery.id, { limit: 500, offset });
      for (const subject of subjects) {
        const key = await subjectKey(this.deps.store, this.deps.envelope, subject.id);
        for (const s of await this.deps.store.samples.listBySubject(subject.id)) {
          const fileName = key ? openFileName(this.deps.envelope, key, s.id, s.sealedFileName) : null;
          const item: ManifestItem = { sampleId: s.id, subjectRef: subject.ref, fileName, modelId: s.modelId, createdAt: s.createdAt };
          const m = under.get(s.id);
          if (m) excluded.push({ ...item, objectionId: m.objectionId, stage: m.stage, measure: m.measure });
          else items.push(item);
        }
      }
      if (subjects.length < 500) break;
    }
    const byStage = { exact: 0, perceptual: 0, face: 0 };
    for (const e of excluded) if (e.stage !== 'audio') byStage[e.stage]++;
    const createdAt = this.deps.now().toISOString();
    const logIndex = await this.deps.store.transaction((tx) => this.deps.audit.append({
      action: 'export', actor, purpose, galleries: [gallery.id], object: { type: 'gallery', id: gallery.id }, decision: 'dataset-manifest',
      result: { counts: { items: items.length, excluded: excluded.length, excludedExact: byStage.exact, excludedPerceptual: byStage.perceptual, excludedFace: byStage.face } },
    }, tx));
    return { galleryId: gallery.id, purpose, createdAt, counts: { items: items.length, excluded: excluded.length, excludedByStage: byStage }, items, excluded, logIndex };
  }
}
