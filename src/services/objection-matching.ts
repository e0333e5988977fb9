// The staged reach of objections over one item: exact digest → perceptual hash (every stored
// rotation/flip of the evidence) → audio fingerprint of an objected recording (through the audio
// index) → consented face reference. Pure over the evidence it is given.
import type { Objection, ObjectionStage } from '../domain/objection.ts';
import type { AnalysedFace, FaceEngine } from './ports/face-engine.ts';
import type { FileSignals, EvidenceSignals, PdqHash } from './ports/evidence-signals.ts';
import type { ObjectionCatch } from './ports/objection-filter.ts';
import type { AudioMatchIndex, PerceptualMatching } from './ports/perceptual-matching.ts';
import type { ObjectionRecording } from '../domain/objection.ts';

/** The evidence of a set of objections, as matching needs it. */
export interface EvidenceView {
  objections: Map<string, Objection>;
  /** The first objection whose evidence has one of the item's digests. */
  exact(signals: FileSignals): Promise<string | null>;
  pdq: { objectionId: string; hash: PdqHash; variant: string | null }[];
  faces: { objectionId: string; modelId: string; template: Float32Array }[];
  /** The objected recordings in an audio index; `owners[id]` is the objection of indexed recording `id`. Null when there are none. */
  audio: ObjectionAudio | null;
}

export interface ObjectionAudio {
  index: AudioMatchIndex;
  owners: string[];
}

/** The audio index over objected recordings (null when there are none). */
export function objectionAudio(perceptual: PerceptualMatching, recordings: Pick<ObjectionRecording, 'objectionId' | 'durationSeconds' | 'fingerprint'>[]): ObjectionAudio | null {
  if (recordings.length === 0) return null;
  const index = perceptual.audioIndex();
  recordings.forEach((r, k) => index.add(String(k), { durationSeconds: r.durationSeconds, fingerprint: r.fingerprint }));
  return { index, owners: recordings.map((r) => r.objectionId) };
}

/** What one stage found for an item. `checked` is false where the stage could not apply, with the reason. */
export interface StageResult {
  stage: ObjectionStage;
  checked: boolean;
  caught: boolean;
  objectionId?: string;
  /** Hamming distance (perceptual), bit error rate (audio), similarity score (face). */
  measure?: number;
  /** Audio only: where the item starts inside the objected recording (negative: the recording starts inside the item). */
  offsetSeconds?: number;
  /** Perceptual only: which rotation/flip of the evidence matched. */
  variant?: string;
  note?: string;
}

export interface ItemEvidence {
  /** Digests and PDQ of the item; null where only a face template is known. */
  signals: FileSignals | null;
  /** The item's face templates by model, computed on demand (the image is analysed only when a face reference exists). */
  faces(modelId: string): Promise<AnalysedFace['embedding'][]>;
}

export interface MatchOptions {
  evidence: EvidenceSignals;
  perceptual: PerceptualMatching;
  faces: FaceEngine;
  /** Target false-match rate of the face stage, per comparison. */
  faceFmr: number;
  /** Stop at the first stage that catches the item (enforcement) or run all stages (reach reports). */
  stopAtFirst: boolean;
}

/** Runs the stages in order over one item; the first caught stage decides. */
export async function matchItem(view: EvidenceView, item: ItemEvidence, o: MatchOptions): Promise<{ first: ObjectionCatch | null; stages: StageResult[] }> {
  const stages: StageResult[] = [];
  const done = () => o.stopAtFirst && stages.some((s) => s.caught);

  if (!item.signals) stages.push({ stage: 'exact', checked: false, caught: false, note: 'no file bytes' });
  else {
    const hit = await view.exact(item.signals);
    stages.push(hit ? { stage: 'exact', checked: true, caught: true, objectionId: hit, measure: 0 } : { stage: 'exact', checked: true, caught: false });
  }

  if (!done()) {
    const pdq = item.signals?.pdq;
    if (!pdq) stages.push({ stage: 'perceptual', checked: false, caught: false, note: item.signals ? 'not a decodable photo' : 'no file bytes' });
    else if (view.pdq.length === 0) stages.push({ stage: 'perceptual', checked: false, caught: false, note: 'no perceptual evidence' });
    else {
      let best: { objectionId: string; distance: number; variant: string | null } | null = null;
      for (const e of view.pdq) {
        const c = o.evidence.comparePdq(e.hash, pdq);
        if (c.match && (!best || c.distance < best.distance)) best = { objectionId: e.objectionId, distance: c.distance, variant: e.variant };
      }
      stages.push(best
        ? { stage: 'perceptual', checked: true, caught: true, objectionId: best.objectionId, measure: best.distance, ...(best.variant ? { variant: best.variant } : {}) }
        : { stage: 'perceptual', checked: true, caught: false, ...(o.perceptual.pdqUsable(pdq) ? {} : { note: `photo quality ${pdq.quality} is below ${o.perceptual.pdqQualityFloor}; perceptual matching is not trusted` }) });
    }
  }

  if (!done()) {
    const audio = item.signals?.audio;
    if (!audio) stages.push({ stage: 'audio', checked: false, caught: false, note: item.signals ? 'no audio fingerprint' : 'no file bytes' });
    else if (!view.audio) stages.push({ stage: 'audio', checked: false, caught: false, note: 'no recording evidence' });
    else {
      const owners = view.audio.owners;
      const hit = (await view.audio.index.search(audio)).filter((h) => view.objections.has(owners[Number(h.id)]!)).sort((a, b) => a.ber - b.ber)[0];
      stages.push(hit
        ? { stage: 'audio', checked: true, caught: true, objectionId: owners[Number(hit.id)]!, measure: round(hit.ber), offsetSeconds: hit.offsetSeconds }
        : { stage: 'audio', checked: true, caught: false });
    }
  }

  if (!done()) {
    if (view.faces.length === 0) stages.push({ stage: 'face', checked: false, caught: false, note: 'no consented face reference' });
    else {
      let best: { objectionId: string; score: number } | null = null;
      let analysed = false;
      for (const modelId of new Set(view.faces.map((f) => f.modelId))) {
        const templates = await item.faces(modelId);
        analysed ||= templates.length > 0;
        const threshold = o.faces.scoreAtFmr(modelId, o.faceFmr);
        for (const ref of view.faces.filter((f) => f.modelId === modelId)) {
          for (const t of templates) {
            const score = o.faces.compare(modelId, ref.template, t);
            if (score >= threshold && (!best || score > best.score)) best = { objectionId: ref.objectionId, score };
          }
        }
      }
      stages.push(best
        ? { stage: 'face', checked: true, caught: true, objectionId: best.objectionId, measure: round(best.score) }
        : { stage: 'face', checked: analysed, caught: false, ...(analysed ? {} : { note: 'no face found in the item' }) });
    }
  }

  const first = stages.find((s) => s.caught);
  return { first: first ? { stage: first.stage, objectionId: first.objectionId!, measure: first.measure ?? 0 } : null, stages };
}

/** Faces of an image, analysed once per model. */
export function facesOfImage(engine: FaceEngine, image: Uint8Array, known?: AnalysedFace): ItemEvidence['faces'] {
  const cache = new Map<string, Promise<Float32Array[]>>();
  return (modelId) => {
    if (known && known.modelId === modelId) return Promise.resolve([known.embedding]);
    let p = cache.get(modelId);
    if (!p) {
      // An item that does not decode or shows no face simply has no face to compare.
      p = engine.analyse(image, { modelId, allFaces: true }).then((fs) => fs.map((f) => f.embedding), () => []);
      cache.set(modelId, p);
    }
    return p;
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
