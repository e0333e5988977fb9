// Objections of data subjects: filed with evidence (images, recordings, hashes and, only with
// explicit consent, a face reference), withdrawn, listed, checked. Enforcement (what enrollment, search
// and exports consult) is ObjectionEnforcement; filing sweeps the stored items through it.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import { objectionCovers, objectionPurposes, type EvidenceSignal, type Objection, type ObjectionMatch, type ObjectionPurpose, type ObjectionRecording, type ObjectionStage } from '../domain/objection.ts';
import { evidenceSignalsOf, type ObjectionEnforcement } from './objection-enforcement.ts';
import { facesOfImage, matchItem, objectionAudio, type EvidenceView, type StageResult } from './objection-matching.ts';
import { evidenceHashKinds, givenHashKindsText, type EvidenceHashKind, type EvidenceSignals, type FileSignals, type GivenHashKind } from './ports/evidence-signals.ts';
import type { PerceptualMatching } from './ports/perceptual-matching.ts';
import { liftRestrictions, notifyRecipients } from './recipient-notices.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface EvidenceFile {
  fileName: string;
  bytes: Uint8Array;
}

export interface FileObjectionInput {
  /** The controller's reference for the request (letter or case number); never the person's name. */
  reference: string;
  purposes: ObjectionPurpose[];
  evidence?: EvidenceFile[];
  /** Recordings (or videos whose sound track counts): their re-encodings and excerpts are reached by the audio stage. */
  recordings?: EvidenceFile[];
  /** Digests, PDQ hashes and audio fingerprints (`<seconds>:<base64>`) given without their files. */
  hashes?: { kind: GivenHashKind; value: string }[];
  /** Only with the person's explicit consent: keep a face reference taken from the evidence images. */
  faceConsent?: { consentRef: string; modelId?: string };
}

export interface ObjectionReach {
  exact: { digests: number };
  perceptual: { hashes: number; imagesWithAllRotationsAndFlips: number };
  audio: { recordings: number };
  face: { reference: boolean; modelId?: string };
}

export interface CheckInput {
  image?: Uint8Array;
  /** Known digests/PDQ of an item when its bytes are not at hand. */
  signals?: Partial<FileSignals>;
  purpose: ObjectionPurpose;
}

export interface CheckResult {
  stage: ObjectionStage | null;
  objectionId: string | null;
  measure: number | null;
  stages: StageResult[];
}

type StageCounts = Record<ObjectionStage, number>;

export class ObjectionService {
  constructor(private readonly deps: WorkflowDeps, private readonly enforcement: ObjectionEnforcement) {}

  private get evidence(): EvidenceSignals {
    return evidenceSignalsOf(this.deps);
  }

  /** Files an objection, finds the agency's stored items it reaches, and records both in one transaction. */
  async file(actor: Actor, input: FileObjectionInput) {
    authorize(actor, 'objection.file', { type: 'agency', agencyId: actor.agencyId });
    const reference = input.reference?.trim() ?? '';
    if (!reference || reference.length > 200) fail('ABG_ERR_VALIDATION', 'reference must be 1–200 characters.');
    const purposes = [...new Set(input.purposes)];
    if (purposes.length === 0 || purposes.some((p) => !objectionPurposes.includes(p))) fail('ABG_ERR_VALIDATION', `purposes must be one or more of ${objectionPurposes.join(', ')}.`);
    const evidence = input.evidence ?? [];
    const recordingFiles = input.recordings ?? [];
    if (evidence.length === 0 && recordingFiles.length === 0 && (input.hashes ?? []).length === 0) fail('ABG_ERR_VALIDATION', 'An objection needs evidence: images, recordings and/or hashes.');
    if (input.faceConsent && !input.faceConsent.consentRef?.trim()) fail('ABG_ERR_VALIDATION', 'A face reference is kept only with explicit consent: give consentRef.');
    if (input.faceConsent && evidence.length === 0) fail('ABG_ERR_VALIDATION', 'A face reference is taken from evidence images; send at least one.');

    const id = this.deps.newId();
    const now = this.deps.now().toISOString();
    const hashes = input.hashes ?? [];
    const signals = await this.evidenceSignals(id, evidence, hashes.filter((h): h is { kind: EvidenceHashKind; value: string } => h.kind !== 'audio'));
    const recordings = await this.recordings(id, recordingFiles, hashes.filter((h) => h.kind === 'audio').map((h) => h.value), signals, now);
    const face = input.faceConsent ? await this.faceReference(actor.agencyId, evidence, input.faceConsent.modelId) : null;
    const objection: Objection = {
      id, agencyId: actor.agencyId, reference, purposes, status: 'active', faceConsent: Boolean(face), createdBy: actor.userId, createdAt: now,
      withdrawnAt: null, withdrawnBy: null, withdrawalReason: null,
    };

    // Stored items are swept before the transaction, so that it stays short.
    const view = viewOf([{ objection, signals, face, recordings }], this.deps.perceptual);
    const galleries = await this.deps.store.galleries.listByAgency(actor.agencyId);
    const matches: ObjectionMatch[] = [];
    for (const g of galleries) matches.push(...(await this.enforcement.sweepGallery(g, view, now)));
    const reach = reachOf(signals, recordings.length, face?.modelId, this.deps.perceptual);
    const subjects = objectionCovers(purposes, 'search') ? await this.deps.store.samples.subjectsOf(matches.map((m) => m.sampleId)) : new Map<string, string>();

    const logIndex = await this.deps.store.transaction(async (tx) => {
      await tx.objections.insert(objection);
      await tx.objections.addSignals(signals);
      await tx.objections.addRecordings(recordings);
      if (face && input.faceConsent) {
        const key = this.deps.envelope.newDataKey(`objection:${id}`);
        const bytes = new Uint8Array(face.template.buffer, face.template.byteOffset, face.template.byteLength);
        await tx.objections.putFaceTemplate({
          objectionId: id, modelId: face.modelId, sealedTemplate: this.deps.envelope.seal(key.plain, bytes, `objection-face:${id}`),
          wrappedKey: key.wrapped, consentRef: input.faceConsent.consentRef.trim(), createdAt: now,
        });
      }
      await tx.objections.addMatches(matches);
      const restricted = new Map(matches.flatMap((m) => (subjects.has(m.sampleId) ? [[subjects.get(m.sampleId)!, m.galleryId] as const] : [])));
      for (const [subjectId, galleryId] of restricted) await notifyRecipients(this.deps, tx, { kind: 'restriction', actor, ownerAgencyId: actor.agencyId, subjectId, galleryId, objectionId: id });
      return this.deps.audit.append({
        action: 'objection', actor, purpose: purposes.join(','), galleries: galleries.map((g) => g.id), object: { type: 'objection', id }, decision: 'filed',
        result: { counts: { digests: reach.exact.digests, pdqHashes: reach.perceptual.hashes, recordings: recordings.length, faceReference: face ? 1 : 0, ...prefixed('matched', countStages(matches)) }, ids: matches.slice(0, 10_000).map((m) => m.sampleId) },
      }, tx);
    });
    return { objection, reach, matched: countStages(matches), logIndex };
  }

  /** Withdraws an objection; its evidence, face reference and matches are deleted, a tombstone stays. */
  async withdraw(actor: Actor, id: string, reason: string) {
    const o = await this.own(actor, id, 'objection.withdraw');
    if (!reason?.trim()) fail('ABG_ERR_VALIDATION', 'reason is required.');
    const at = this.deps.now().toISOString();
    const logIndex = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.objections.withdraw(id, at, actor.userId, reason.trim()))) fail('ABG_ERR_OBJECTION_NOT_ACTIVE', `Objection ${id}.`);
      const recipients = await liftRestrictions(this.deps, tx, id);
      return this.deps.audit.append({ action: 'objection', actor, purpose: o.purposes.join(','), object: { type: 'objection', id }, decision: 'withdrawn', ...(recipients.length > 0 ? { recipients } : {}) }, tx);
    });
    return { objection: (await this.deps.store.objections.get(id))!, logIndex };
  }

  async list(actor: Actor, status?: Objection['status']) {
    authorize(actor, 'objection.list', { type: 'agency', agencyId: actor.agencyId });
    return this.deps.store.objections.listByAgency(actor.agencyId, status ? { status } : {});
  }

  /** One objection with its reach per stage and the stored items found under it. */
  async get(actor: Actor, id: string) {
    const objection = await this.own(actor, id, 'objection.read');
    const signals = await this.deps.store.objections.signalsOf(id);
    const face = await this.deps.store.objections.faceTemplateOf(id);
    const recordings = await this.deps.store.objections.recordingsOf(id);
    const matches = await this.deps.store.objections.matchesOf(id);
    return { objection, reach: reachOf(signals, recordings.length, face?.modelId, this.deps.perceptual), matched: countStages(matches), matches };
  }

  /** Which of the agency's active objections covering `purpose` reach an item, stage by stage. */
  async check(actor: Actor, input: CheckInput): Promise<CheckResult> {
    authorize(actor, 'objection.check', { type: 'agency', agencyId: actor.agencyId });
    return this.checkFor(actor.agencyId, input, undefined);
  }

  /** For each candidate file, which stage of one objection catches it; logged with counts. */
  async reach(actor: Actor, id: string, files: EvidenceFile[]) {
    const o = await this.own(actor, id, 'objection.check');
    if (o.status !== 'active') fail('ABG_ERR_OBJECTION_NOT_ACTIVE', `Objection ${id}.`);
    const results: ({ file: string } & CheckResult)[] = [];
    for (const f of files) results.push({ file: f.fileName, ...(await this.checkFor(actor.agencyId, { image: f.bytes, purpose: 'all' }, id)) });
    const counts = countStages(results.filter((r) => r.stage).map((r) => ({ stage: r.stage! })));
    const logIndex = await this.deps.store.transaction((tx) => this.deps.audit.append({
      action: 'objection.reach', actor, object: { type: 'objection', id }, result: { counts: { files: files.length, notCaught: results.filter((r) => !r.stage).length, ...prefixed('caught', counts) } },
    }, tx));
    return { objectionId: id, caught: counts, notCaught: results.filter((r) => !r.stage).length, results, logIndex };
  }

  private async checkFor(agencyId: string, input: CheckInput, onlyId: string | undefined): Promise<CheckResult> {
    if (!input.image && !input.signals) fail('ABG_ERR_VALIDATION', 'Give an image or its signals.');
    if (!objectionPurposes.includes(input.purpose)) fail('ABG_ERR_VALIDATION', `purpose must be one of ${objectionPurposes.join(', ')}.`);
    const view = await this.enforcement.storedView(agencyId, input.purpose, onlyId);
    const signals = input.image ? await this.evidence.compute(input.image) : this.givenSignals(input.signals!);
    const faces = input.image ? facesOfImage(this.deps.faces, input.image) : async () => [];
    const r = await matchItem(view, { signals, faces }, this.enforcement.matchOptions(false));
    return { stage: r.first?.stage ?? null, objectionId: r.first?.objectionId ?? null, measure: r.first?.measure ?? null, stages: r.stages };
  }

  private givenSignals(s: Partial<FileSignals>): FileSignals {
    const m = this.evidence;
    return {
      sha256: s.sha256 ? m.normalise('sha256', s.sha256) : '',
      md5: s.md5 ? m.normalise('md5', s.md5) : '',
      pdq: s.pdq ? { hash: m.normalise('pdq', s.pdq.hash), quality: s.pdq.quality } : null,
    };
  }

  private async evidenceSignals(objectionId: string, evidence: EvidenceFile[], hashes: { kind: EvidenceHashKind; value: string }[]): Promise<EvidenceSignal[]> {
    const out = new Map<string, EvidenceSignal>();
    const add = (s: EvidenceSignal) => out.set(`${s.kind}:${s.value}`, out.get(`${s.kind}:${s.value}`) ?? s);
    for (const f of evidence) {
      if (f.bytes.byteLength === 0) fail('ABG_ERR_EMPTY_FILE', f.fileName);
      const sig = await this.evidence.compute(f.bytes);
      add({ objectionId, kind: 'sha256', value: sig.sha256, variant: null, quality: null, origin: 'image' });
      add({ objectionId, kind: 'md5', value: sig.md5, variant: null, quality: null, origin: 'image' });
      const variants = await this.evidence.pdqVariants(f.bytes);
      for (const [variant, hash] of Object.entries(variants?.hashes ?? {})) add({ objectionId, kind: 'pdq', value: hash, variant, quality: variants!.quality, origin: 'image' });
    }
    for (const h of hashes) {
      if (!(evidenceHashKinds as readonly string[]).includes(h.kind)) fail('ABG_ERR_MALFORMED_HASH', `Unknown hash kind ${String(h.kind)}; use ${givenHashKindsText}.`);
      add({ objectionId, kind: h.kind, ...this.evidence.givenHash(h.kind, h.value), origin: 'hash' });
    }
    return [...out.values()];
  }

  /**
   * Fingerprints every recording (a coded error for one without usable sound, before anything is stored) and adds its digests to `signals`;
   * fingerprints given as text (from a hash list's export) join them as they are.
   */
  private async recordings(objectionId: string, files: EvidenceFile[], given: string[], signals: EvidenceSignal[], now: string): Promise<ObjectionRecording[]> {
    const out: ObjectionRecording[] = [];
    for (const text of given) {
      const audio = this.evidence.givenRecording(text);
      if (!out.some((r) => r.fingerprint === audio.fingerprint)) out.push({ objectionId, ...audio, createdAt: now });
    }
    for (const f of files) {
      if (f.bytes.byteLength === 0) fail('ABG_ERR_EMPTY_FILE', f.fileName);
      const audio = await this.evidence.recording(f.bytes);
      if (!out.some((r) => r.fingerprint === audio.fingerprint)) out.push({ objectionId, ...audio, createdAt: now });
      const sig = await this.evidence.compute(f.bytes);
      for (const [kind, value] of [['sha256', sig.sha256], ['md5', sig.md5]] as const) {
        if (!signals.some((s) => s.kind === kind && s.value === value)) signals.push({ objectionId, kind, value, variant: null, quality: null, origin: 'recording' });
      }
    }
    return out;
  }

  private async faceReference(agencyId: string, evidence: EvidenceFile[], requested?: string) {
    const galleryModel = (await this.deps.store.galleries.listByAgency(agencyId)).find((g) => g.kind === 'face' && g.modelId)?.modelId;
    const modelId = requested ?? galleryModel ?? this.deps.faces.models()[0];
    if (!modelId || !this.deps.faces.models().includes(modelId)) fail('ABG_ERR_UNKNOWN_MODEL', String(modelId ?? 'none'));
    for (const f of evidence) {
      const faces = await this.deps.faces.analyse(f.bytes, { modelId }).catch(() => []);
      const face = faces.find((x) => x.quality.verdict !== 'reject');
      if (face) return { modelId, template: face.embedding };
    }
    fail('ABG_ERR_NO_FACE', 'No evidence image shows a usable face; the face stage needs one.');
  }

  private async own(actor: Actor, id: string, action: 'objection.read' | 'objection.withdraw' | 'objection.check'): Promise<Objection> {
    const o = await this.deps.store.objections.get(id);
    if (!o || o.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Objection ${id}.`);
    authorize(actor, action, { type: 'agency', agencyId: o.agencyId });
    return o;
  }
}

/** Evidence held in memory (an objection being filed). */
function viewOf(items: { objection: Objection; signals: EvidenceSignal[]; face: { modelId: string; template: Float32Array } | null; recordings: ObjectionRecording[] }[], perceptual: PerceptualMatching): EvidenceView {
  const digests = new Map<string, string>();
  for (const i of items) for (const s of i.signals) if (s.kind !== 'pdq') digests.set(`${s.kind}:${s.value}`, i.objection.id);
  return {
    objections: new Map(items.map((i) => [i.objection.id, i.objection])),
    exact: async (sig) => digests.get(`sha256:${sig.sha256}`) ?? digests.get(`md5:${sig.md5}`) ?? null,
    pdq: items.flatMap((i) => i.signals.filter((s) => s.kind === 'pdq').map((s) => ({ objectionId: i.objection.id, hash: { hash: s.value, quality: s.quality ?? 0 }, variant: s.variant }))),
    faces: items.flatMap((i) => (i.face ? [{ objectionId: i.objection.id, ...i.face }] : [])),
    audio: objectionAudio(perceptual, items.flatMap((i) => i.recordings)),
  };
}

function reachOf(signals: EvidenceSignal[], recordings: number, faceModel: string | undefined, perceptual: PerceptualMatching): ObjectionReach {
  const images = new Set(signals.filter((s) => s.kind === 'pdq' && s.origin === 'image' && s.variant === 'original').map((s) => s.value));
  return {
    exact: { digests: signals.filter((s) => s.kind !== 'pdq').length },
    perceptual: { hashes: signals.filter((s) => s.kind === 'pdq' && perceptual.pdqUsable({ quality: s.quality ?? 0 })).length, imagesWithAllRotationsAndFlips: images.size },
    audio: { recordings },
    face: faceModel ? { reference: true, modelId: faceModel } : { reference: false },
  };
}

function countStages(items: { stage: ObjectionStage }[]): StageCounts {
  const c: StageCounts = { exact: 0, perceptual: 0, audio: 0, face: 0 };
  for (const i of items) c[i.stage]++;
  return c;
}

const prefixed = (p: string, c: StageCounts) => Object.fromEntries(Object.entries(c).map(([k, v]) => [`${p}${k[0]!.toUpperCase()}${k.slice(1)}`, v]));
