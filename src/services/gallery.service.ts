import type { Actor, Gallery, GalleryKind } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import { writeWithLogEntry, type AuditedDeps } from './write-with-log-entry.ts';
import type { FaceEngine } from './ports/face-engine.ts';

export interface CreateGalleryInput {
  name: string;
  kind: GalleryKind;
  legalBasis: string;
  purposes: string[];
  retentionDays: number;
  modelId?: string | null;
  thresholdFmr?: number;
  requiredFpir?: number | null;
  maxCandidates?: number;
  keepGps?: boolean;
}

export interface GalleryName {
  id: string;
  name: string;
  agencyId: string;
}

export class GalleryService {
  constructor(private readonly deps: AuditedDeps & { faces: FaceEngine }) {}

  async create(actor: Actor, input: CreateGalleryInput): Promise<Gallery> {
    authorize(actor, 'gallery.create', { type: 'gallery', agencyId: actor.agencyId });
    if (input.kind === 'face' && !input.modelId) fail('ABG_ERR_VALIDATION', 'A face gallery needs an embedding model id (modelId).');
    if (input.kind === 'face' && input.keepGps) fail('ABG_ERR_VALIDATION', 'keepGps applies to media galleries only.');
    if (input.kind === 'media' && input.modelId) fail('ABG_ERR_VALIDATION', 'A media gallery has no embedding model.');
    checkReliability(input);
    if (input.modelId && !this.deps.faces.models().includes(input.modelId)) {
      fail('ABG_ERR_UNKNOWN_MODEL', `"${input.modelId}"; available: ${this.deps.faces.models().join(', ') || 'none'}.`);
    }
    this.refuseUncalibratedIdentification(input.modelId, input.requiredFpir);
    const gallery: Gallery = {
      id: this.deps.newId(), agencyId: actor.agencyId, name: input.name, kind: input.kind, legalBasis: input.legalBasis,
      purposes: [...new Set(input.purposes)], retentionDays: input.retentionDays, modelId: input.modelId ?? null,
      thresholdFmr: input.thresholdFmr ?? 1e-4, requiredFpir: input.requiredFpir ?? null, maxCandidates: input.maxCandidates ?? 10,
      keepGps: input.keepGps ?? false,
      createdAt: this.deps.now().toISOString(),
    };
    await writeWithLogEntry(this.deps, (tx) => tx.galleries.insert(gallery), () => ({ action: 'gallery.change', actor, galleries: [gallery.id], object: { type: 'gallery', id: gallery.id }, decision: 'created' }));
    return gallery;
  }

  /** The galleries of the actor's own agency. Other agencies' galleries are never listed. */
  async list(actor: Actor): Promise<Gallery[]> {
    authorize(actor, 'gallery.list', { type: 'gallery', agencyId: actor.agencyId });
    return this.deps.store.galleries.listByAgency(actor.agencyId);
  }

  /**
   * Names of the galleries the actor's agency deals with: its own, and those of other agencies named
   * in an agreement it is party to (revoked or expired ones too, since the log still refers to them).
   * Only the name and the owner: what the other agency already showed when it agreed.
   */
  async names(actor: Actor): Promise<GalleryName[]> {
    authorize(actor, 'gallery.list', { type: 'gallery', agencyId: actor.agencyId });
    const { store } = this.deps;
    const out = new Map<string, GalleryName>();
    for (const g of await store.galleries.listByAgency(actor.agencyId)) out.set(g.id, { id: g.id, name: g.name, agencyId: g.agencyId });
    for (const a of await store.agreements.listForAgency(actor.agencyId)) {
      for (const id of a.galleryIds) {
        if (out.has(id)) continue;
        const g = await store.galleries.get(id);
        if (g) out.set(g.id, { id: g.id, name: g.name, agencyId: g.agencyId });
      }
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(actor: Actor, id: string): Promise<Gallery> {
    const g = await this.deps.store.galleries.get(id);
    // Another agency's gallery is reported as absent: its existence is not disclosed.
    if (!g || g.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Gallery ${id}.`);
    authorize(actor, 'gallery.read', { type: 'gallery', agencyId: g.agencyId });
    return g;
  }

  async update(actor: Actor, id: string, patch: Partial<Pick<Gallery, 'name' | 'legalBasis' | 'purposes' | 'retentionDays' | 'thresholdFmr' | 'requiredFpir' | 'maxCandidates' | 'keepGps'>>): Promise<Gallery> {
    const g = await this.get(actor, id);
    authorize(actor, 'gallery.update', { type: 'gallery', agencyId: g.agencyId });
    if (patch.keepGps && g.kind !== 'media') fail('ABG_ERR_VALIDATION', 'keepGps applies to media galleries only.');
    checkReliability(patch);
    this.refuseUncalibratedIdentification(g.modelId, patch.requiredFpir);
    const updated = await writeWithLogEntry(this.deps, (tx) => tx.galleries.update(id, patch), () => ({ action: 'gallery.change', actor, galleries: [id], object: { type: 'gallery', id }, decision: 'updated' }));
    return updated ?? fail('ABG_ERR_NOT_FOUND', `Gallery ${id}.`);
  }

  /** Identification mode (a required FPIR) needs a calibrated model: without one no threshold stands for a false-match rate. */
  private refuseUncalibratedIdentification(modelId: string | null | undefined, requiredFpir: number | null | undefined): void {
    if (!modelId || requiredFpir === undefined || requiredFpir === null) return;
    if (this.deps.faces.describe?.(modelId).calibration === null) {
      fail('ABG_ERR_MODEL_UNCALIBRATED', `${modelId}: identification mode (requiredFpir) needs a calibrated model; calibrate it (abgleich model calibrate) or use investigation mode.`);
    }
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const g = await this.get(actor, id);
    authorize(actor, 'gallery.delete', { type: 'gallery', agencyId: g.agencyId });
    await writeWithLogEntry(this.deps, (tx) => tx.galleries.delete(id), () => ({ action: 'gallery.change', actor, galleries: [id], object: { type: 'gallery', id }, decision: 'deleted' }));
  }
}

/** The threshold's target FMR lies in [1e-9, 0.1]; the declared reliability (FPIR) in [1e-9, 1] or is null (none). */
function checkReliability(g: { thresholdFmr?: number | undefined; requiredFpir?: number | null | undefined }): void {
  const within = (x: number, max: number) => Number.isFinite(x) && x >= 1e-9 && x <= max;
  if (g.thresholdFmr !== undefined && !within(g.thresholdFmr, 0.1)) fail('ABG_ERR_VALIDATION', 'thresholdFmr must lie between 1e-9 and 0.1.');
  if (g.requiredFpir !== undefined && g.requiredFpir !== null && !within(g.requiredFpir, 1)) fail('ABG_ERR_VALIDATION', 'requiredFpir must lie between 1e-9 and 1, or be none.');
}
