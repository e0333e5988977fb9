// Seized-media triage: hash every file (all signals), match against the agency's hash sets and
// media galleries, cluster near-duplicates, and store the run, its per-file results, the optional
// new media items and the log entry in one transaction. Bad files are results, not failures.
import type { Actor, Gallery } from '../domain/entities.ts';
import { fail, isAbgError } from '../domain/errors.ts';
import type { MediaItem, TriageFileResult, TriageRun, TriageVerdict } from '../domain/media.ts';
import { authorize } from '../domain/policy.ts';
import type { AnalysedFace } from './ports/face-engine.ts';
import type { MediaHashResult } from './ports/media-hasher.ts';
import { classify, type HashedFile } from './triage-match.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** One input: the file's bytes, or why it could not be read (e.g. a refused archive). */
export type TriageInput = { name: string; bytes: Uint8Array } | { name: string; error: { code: string; message: string } };

export interface TriageRequest {
  caseRef: string;
  /** A media gallery of the actor's agency: the run's files are added to it. */
  galleryId?: string;
  files: AsyncIterable<TriageInput> | Iterable<TriageInput>;
  /** Detect faces in photos with this model and list them per file. */
  faceModelId?: string;
}

export interface TriageReport {
  run: TriageRun;
  results: TriageFileResult[];
  logIndex: number;
}

export type TriageProgress = (event: { phase: 'hash'; done: number; file: string; error: string | null }) => void;

export interface TriageOptions {
  /** Files hashed at once (the photo worker pool runs them in parallel). */
  concurrency?: number;
  /** Frames of each video searched for faces, spread over its length (default 8). */
  videoFaceFrames?: number;
}

/** A hashed file with the face templates found in it, kept in memory for the objection check only. */
type Hashed = HashedFile & { templates?: AnalysedFace[] };

export class TriageService {
  constructor(private readonly deps: WorkflowDeps) {}

  async run(actor: Actor, request: TriageRequest, onProgress?: TriageProgress, options: TriageOptions = {}): Promise<TriageReport> {
    authorize(actor, 'triage.run', { type: 'agency', agencyId: actor.agencyId });
    const caseRef = request.caseRef.trim();
    if (!caseRef || caseRef.length > 200) fail('ABG_ERR_VALIDATION', 'caseRef must be 1–200 characters.');
    const gallery = request.galleryId ? await this.mediaGallery(actor, request.galleryId) : null;
    if (request.faceModelId && !this.deps.faces.models().includes(request.faceModelId)) {
      fail('ABG_ERR_UNKNOWN_MODEL', `"${request.faceModelId}"; available: ${this.deps.faces.models().join(', ') || 'none'}.`);
    }
    const started = this.deps.now().toISOString();

    const hashed = await this.hashAll(request.files, gallery?.keepGps ?? false, options.concurrency ?? 8, onProgress, request.faceModelId, options.videoFaceFrames ?? 8);
    const { store } = this.deps;
    const galleries = (await store.galleries.listByAgency(actor.agencyId)).filter((g) => g.kind === 'media').map((g) => g.id);
    const sets = await store.hashSets.listByAgency(actor.agencyId);
    const setIds = sets.map((s) => s.id);
    const present = hashed.flatMap((f) => (f.signals ? [f.signals] : []));
    const digests = { md5: uniq(present.map((s) => s.md5)), sha1: uniq(present.map((s) => s.sha1)), sha256: uniq(present.map((s) => s.sha256)) };
    const results = await classify(hashed, {
      hashSets: new Map(sets.map((s) => [s.id, s])),
      digestHits: await store.hashSets.findDigests(setIds, digests),
      exactItems: await store.mediaItems.findBySha256(galleries, digests.sha256),
      pdqEntries: await store.hashSets.pdqEntries(setIds),
      audioEntries: await store.hashSets.audioEntries(setIds),
      items: await store.mediaItems.perceptual(galleries),
    }, this.deps.perceptual);

    await this.checkObjections(actor.agencyId, hashed, results);

    const runId = this.deps.newId();
    const finished = this.deps.now().toISOString();
    const items = gallery ? this.newItems(gallery, runId, hashed, results, finished) : [];
    const counts = Object.fromEntries((['known', 'near-duplicate', 'new', 'error'] as TriageVerdict[]).map((v) => [v, results.filter((r) => r.verdict === v).length])) as TriageRun['counts'];
    counts.files = results.length;
    counts.clusters = new Set(results.map((r) => r.cluster).filter((c) => c !== null)).size;
    counts.added = items.length;
    const run: TriageRun = { id: runId, agencyId: actor.agencyId, userId: actor.userId, caseRef, galleryId: gallery?.id ?? null, counts, createdAt: started, finishedAt: finished };
    const logIndex = await store.transaction(async (tx) => {
      await tx.triage.insertRun(run, results);
      if (items.length > 0) await tx.mediaItems.insertMany(items);
      return this.deps.audit.append({
        action: 'triage', actor, caseRef, ...(gallery ? { galleries: [gallery.id] } : {}), object: { type: 'triage-run', id: runId },
        result: { counts: { ...counts, objection: results.filter((r) => r.objection).length } },
      }, tx);
    });
    return { run, results, logIndex };
  }

  /** A stored run with its per-file results. */
  async get(actor: Actor, runId: string): Promise<{ run: TriageRun; results: TriageFileResult[] }> {
    const run = await this.deps.store.triage.getRun(runId);
    if (!run || run.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Triage run ${runId}.`);
    authorize(actor, 'triage.read', { type: 'agency', agencyId: run.agencyId });
    return { run, results: await this.deps.store.triage.results(runId) };
  }

  /** Faces of one image; an image the face pipeline cannot read simply has none. */
  private async analyse(bytes: Uint8Array, modelId: string): Promise<AnalysedFace[]> {
    try {
      return await this.deps.faces.analyse(bytes, { modelId, allFaces: true });
    } catch (e) {
      if (isAbgError(e) && e.code !== 'ABG_ERR_INTERNAL') return [];
      throw e;
    }
  }

  /** Faces of a photo, or of up to `maxFrames` frames of a video, listed and kept for the objection check. */
  private async facesOf(f: Hashed, input: { name: string; bytes: Uint8Array }, modelId: string, maxFrames: number): Promise<void> {
    const listed = (x: AnalysedFace, frameSeconds?: number) => ({
      box: x.box, detectionScore: Math.round(x.detectionScore * 1000) / 1000, quality: x.quality.verdict, ...(frameSeconds !== undefined ? { frameSeconds } : {}),
    });
    if (f.signals?.type === 'photo') {
      f.templates = await this.analyse(input.bytes, modelId);
      f.faces = f.templates.map((x) => listed(x));
    } else if (f.signals?.type === 'video' && this.deps.mediaHasher.videoFrames && maxFrames > 0) {
      f.templates = [];
      f.faces = [];
      for (const frame of await this.deps.mediaHasher.videoFrames(input, { maxFrames })) {
        for (const x of await this.analyse(frame.image, modelId)) {
          f.templates.push(x);
          f.faces.push(listed(x, Math.round(frame.timestampSeconds * 1000) / 1000));
        }
      }
    }
  }

  /** Marks the files that an active objection of the agency reaches (exact, perceptual incl. rotations/flips, audio, consented face). */
  private async checkObjections(agencyId: string, hashed: Hashed[], results: TriageFileResult[]): Promise<void> {
    const filter = this.deps.objections;
    if (!filter) return;
    const checked = hashed.flatMap((f, i) => (f.signals ? [{ i, item: { sha256: f.signals.sha256, md5: f.signals.md5, pdq: f.signals.pdq, audio: f.signals.audio ?? null, faces: f.templates ?? [] } }] : []));
    const catches = await filter.checkComputed(agencyId, checked.map((c) => c.item));
    const references = new Map<string, string | undefined>();
    for (const c of catches) if (c && !references.has(c.objectionId)) references.set(c.objectionId, (await this.deps.store.objections.get(c.objectionId))?.reference);
    catches.forEach((c, k) => { if (c) results[checked[k]!.i]!.objection = { stage: c.stage, objectionId: c.objectionId, measure: c.measure, reference: references.get(c.objectionId) }; });
  }

  private async mediaGallery(actor: Actor, id: string): Promise<Gallery> {
    const g = await this.deps.store.galleries.get(id);
    if (!g || g.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Gallery ${id}.`);
    if (g.kind !== 'media') fail('ABG_ERR_VALIDATION', 'Triage adds files to media galleries only.');
    return g;
  }

  /** Hashes inputs with up to `concurrency` in flight, keeping input order; bytes are dropped once hashed. */
  private async hashAll(files: TriageRequest['files'], keepGps: boolean, concurrency: number, onProgress: TriageProgress | undefined, faceModelId: string | undefined, videoFaceFrames: number): Promise<Hashed[]> {
    const out: Hashed[] = [];
    const inFlight: Promise<Hashed>[] = [];
    const settle = async () => {
      const f = await inFlight.shift()!;
      out.push(f);
      onProgress?.({ phase: 'hash', done: out.length, file: f.file, error: f.error?.code ?? null });
    };
    let seq = 0;
    for await (const input of files) {
      const n = seq++;
      inFlight.push('error' in input
        ? Promise.resolve({ seq: n, file: input.name, signals: null, error: input.error })
        : this.deps.mediaHasher.hash({ name: input.name, bytes: input.bytes }, { keepGps }).then(async (r: MediaHashResult): Promise<Hashed> => {
          const f: Hashed = { seq: n, file: input.name, signals: r.signals, error: r.error };
          if (faceModelId && !r.error) await this.facesOf(f, input, faceModelId, videoFaceFrames);
          return f;
        }));
      if (inFlight.length >= Math.max(1, concurrency)) await settle();
    }
    while (inFlight.length > 0) await settle();
    return out;
  }

  /** Items for every hashed file not yet in the gallery (by SHA-256), once per digest. */
  private newItems(gallery: Gallery, runId: string, hashed: HashedFile[], results: TriageFileResult[], now: string): MediaItem[] {
    const inGallery = new Set(results.flatMap((r) => r.matches.filter((m) => m.source === 'media' && m.signal === 'sha256' && m.galleryId === gallery.id).map(() => r.sha256)));
    const items: MediaItem[] = [];
    hashed.forEach((f, i) => {
      const s = f.signals;
      const r = results[i]!;
      if (!s || f.error || inGallery.has(s.sha256)) return;
      inGallery.add(s.sha256);
      const item: MediaItem = {
        id: this.deps.newId(), galleryId: gallery.id, fileName: f.file, size: s.size, type: s.type, sha256: s.sha256, md5: s.md5, sha1: s.sha1,
        pdq: s.pdq?.hash ?? null, pdqQuality: s.pdq?.quality ?? null, vpdq: s.vpdq, video: s.video, exif: s.exif, triageRunId: runId, createdAt: now,
      };
      items.push(item);
      r.mediaItemId = item.id;
    });
    return items;
  }
}

const uniq = (xs: string[]) => [...new Set(xs)];
