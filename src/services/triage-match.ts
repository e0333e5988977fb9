// Classifies the files of a triage run: exact digests against hash sets and media items (known),
// PDQ over all 8 dihedral variants, vPDQ and audio fingerprints against them (near-duplicate), and near-duplicate
// clusters among the run's own files. Pure: the caller loads the references from the store.
import type { HashSet, MediaItem, MediaSignals, TriageFileResult, TriageMatch } from '../domain/media.ts';
import type { HashSetHit } from '../store/media.store.ts';
import type { PdqHit, PdqRadiusIndex, PerceptualMatching } from './ports/perceptual-matching.ts';

export interface HashedFile {
  seq: number;
  file: string;
  signals: MediaSignals | null;
  error: { code: string; message: string } | null;
  faces?: TriageFileResult['faces'];
}

export interface References {
  hashSets: Map<string, HashSet>;
  /** Hash-set entries whose md5, sha1 or sha256 equals one of the run's digests. */
  digestHits: HashSetHit[];
  /** Media items with one of the run's SHA-256 digests. */
  exactItems: MediaItem[];
  /** Hash-set entries with a PDQ hash. */
  pdqEntries: HashSetHit[];
  /** Hash-set entries with an audio fingerprint (absent: none). */
  audioEntries?: HashSetHit[];
  /** Perceptual hashes of existing media items. */
  items: Pick<MediaItem, 'id' | 'galleryId' | 'type' | 'pdq' | 'pdqQuality' | 'vpdq'>[];
}

type Ref = { match: Omit<TriageMatch, 'signal' | 'distance' | 'variant'> };

type UsablePdq = MediaSignals & { pdq: { hash: string; quality: number } };

/** Variants of a file (original first); a stored hash is compared with each. */
const variantsOf = (s: UsablePdq) => s.pdqVariants ?? [s.pdq.hash];

/** Best (smallest) distance per reference over all variants of `s` within the PDQ radius. */
const pdqHits = (index: PdqRadiusIndex, s: UsablePdq): Promise<Map<string, PdqHit>> => index.searchVariants(variantsOf(s));

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) { this.parent = Array.from({ length: n }, (_, i) => i); }
  find(i: number): number {
    while (this.parent[i] !== i) { this.parent[i] = this.parent[this.parent[i]!]!; i = this.parent[i]!; }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a); const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** One result per file, in input order. */
export async function classify(files: HashedFile[], refs: References, perceptual: PerceptualMatching): Promise<TriageFileResult[]> {
  const usablePdq = (s: MediaSignals | null): s is UsablePdq => s !== null && s.pdq !== null && perceptual.pdqUsable(s.pdq);
  const results: TriageFileResult[] = files.map((f) => ({
    seq: f.seq, file: f.file, size: f.signals?.size ?? null, type: f.signals?.type ?? null,
    sha256: f.signals?.sha256 ?? null, md5: f.signals?.md5 ?? null, sha1: f.signals?.sha1 ?? null,
    pdq: f.signals?.pdq ?? null, vpdqFrames: f.signals?.vpdq?.length ?? null, ...(f.signals?.audio ? { audioSeconds: f.signals.audio.durationSeconds } : {}), video: f.signals?.video ?? null, exif: f.signals?.exif ?? null,
    verdict: 'new', categories: [], matches: [], cluster: null, error: f.error, mediaItemId: null, ...(f.faces ? { faces: f.faces } : {}),
  }));

  // Exact: a digest equal to a hash-set entry's or an item's.
  const setInfo = (id: string) => ({ hashSetId: id, hashSetName: refs.hashSets.get(id)?.name ?? id });
  files.forEach((f, i) => {
    const s = f.signals;
    if (!s) return;
    const r = results[i]!;
    for (const e of refs.digestHits) {
      const signal = e.sha256 === s.sha256 ? 'sha256' : e.sha1 === s.sha1 ? 'sha1' : e.md5 === s.md5 ? 'md5' : null;
      if (signal) r.matches.push({ source: 'hash-set', signal, ...setInfo(e.hashSetId), category: e.category });
    }
    for (const m of refs.exactItems) if (m.sha256 === s.sha256) r.matches.push({ source: 'media', signal: 'sha256', mediaItemId: m.id, galleryId: m.galleryId });
    if (r.matches.length > 0) r.verdict = 'known';
  });

  // Perceptual against references: hash-set PDQ entries and media items (trusted quality on both sides).
  const refIndex = perceptual.pdqIndex();
  const refById = new Map<string, Ref>();
  refs.pdqEntries.forEach((e, k) => {
    const id = `h${k}`;
    refIndex.add(id, e.pdq!);
    refById.set(id, { match: { source: 'hash-set', ...setInfo(e.hashSetId), category: e.category } });
  });
  for (const m of refs.items) {
    if (m.pdq === null || !perceptual.pdqUsable({ quality: m.pdqQuality ?? 0 })) continue;
    refIndex.add(`m${m.id}`, m.pdq);
    refById.set(`m${m.id}`, { match: { source: 'media', mediaItemId: m.id, galleryId: m.galleryId } });
  }
  const videoItems = refs.items.filter((m) => m.vpdq !== null && m.vpdq.length > 0);
  // Audio of recordings and video sound tracks against hash-set recordings: copies and excerpts, with their offset.
  const audioRefs = perceptual.audioIndex();
  const audioEntries = refs.audioEntries ?? [];
  audioEntries.forEach((e, k) => audioRefs.add(String(k), e.audio!));
  for (let i = 0; i < files.length; i++) {
    const s = files[i]!.signals;
    const r = results[i]!;
    const near: TriageMatch[] = [];
    if (usablePdq(s) && refIndex.size > 0) {
      for (const [id, h] of await pdqHits(refIndex, s)) near.push({ ...refById.get(id)!.match, signal: 'pdq', distance: h.distance, variant: h.variant });
    }
    if (s?.vpdq && s.vpdq.length > 0) {
      for (const m of videoItems) {
        const v = perceptual.matchVpdq(s.vpdq, m.vpdq!);
        if (v.match) near.push({ source: 'media', signal: 'vpdq', mediaItemId: m.id, galleryId: m.galleryId, percent: { query: round(v.queryMatchPercent), target: round(v.targetMatchPercent) } });
      }
    }
    if (s?.audio && audioRefs.size > 0) {
      for (const h of await audioRefs.search(s.audio)) {
        const e = audioEntries[Number(h.id)]!;
        near.push({ source: 'hash-set', signal: 'audio', ...setInfo(e.hashSetId), category: e.category, offsetSeconds: h.offsetSeconds, ber: h.ber });
      }
    }
    // An exact copy of an item needs no perceptual match to the same item.
    const exactIds = new Set(r.matches.map((x) => x.mediaItemId).filter(Boolean));
    r.matches.push(...near.filter((p) => !(p.mediaItemId && exactIds.has(p.mediaItemId))));
    if (r.verdict === 'new' && near.length > 0) r.verdict = 'near-duplicate';
  }

  // Clusters among the run's files: equal SHA-256, PDQ within the radius over the variants, vPDQ match.
  const uf = new UnionFind(files.length);
  const edges: [number, number, TriageMatch['signal'], number | undefined, string | undefined][] = [];
  const batch = perceptual.pdqIndex();
  files.forEach((f, i) => { if (usablePdq(f.signals)) batch.add(String(i), f.signals.pdq.hash); });
  const batchAudio = perceptual.audioIndex();
  const bySha = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const s = files[i]!.signals;
    if (!s) continue;
    const first = bySha.get(s.sha256);
    if (first !== undefined) { uf.union(first, i); edges.push([first, i, 'sha256', undefined, undefined]); } else bySha.set(s.sha256, i);
    if (usablePdq(s)) {
      for (const [id, h] of await pdqHits(batch, s)) {
        const j = Number(id);
        if (j < i) { uf.union(j, i); edges.push([j, i, 'pdq', h.distance, h.variant]); }
      }
    }
    if (s.vpdq && s.vpdq.length > 0) {
      for (let j = 0; j < i; j++) {
        const t = files[j]!.signals;
        if (t?.vpdq && t.vpdq.length > 0 && perceptual.matchVpdq(s.vpdq, t.vpdq).match) { uf.union(j, i); edges.push([j, i, 'vpdq', undefined, undefined]); }
      }
    }
    if (s.audio) {
      for (const h of await batchAudio.search(s.audio)) { uf.union(Number(h.id), i); edges.push([Number(h.id), i, 'audio', undefined, undefined]); }
      batchAudio.add(String(i), s.audio);
    }
  }
  const size = new Map<number, number>();
  for (let i = 0; i < files.length; i++) size.set(uf.find(i), (size.get(uf.find(i)) ?? 0) + 1);
  const number = new Map<number, number>();
  for (let i = 0; i < files.length; i++) {
    const root = uf.find(i);
    if ((size.get(root) ?? 0) < 2) continue;
    if (!number.has(root)) number.set(root, number.size + 1);
    results[i]!.cluster = number.get(root)!;
  }

  // A file that looks like a known file of the same run is a near-duplicate of known material;
  // the closest such file is named, and only where no reference matched the file itself.
  const viaBatch = new Map<number, TriageMatch>();
  for (const [a, b, signal, distance, variant] of edges) {
    for (const [known, other] of [[a, b], [b, a]] as const) {
      const k = results[known]!;
      const o = results[other]!;
      if (k.verdict !== 'known' || o.verdict === 'known' || o.verdict === 'near-duplicate') continue;
      const prev = viaBatch.get(other);
      if (prev && (prev.distance ?? 0) <= (distance ?? 0)) continue;
      const category = k.matches.find((x) => x.category !== undefined)?.category;
      viaBatch.set(other, { source: 'batch', signal, file: k.file, ...(distance !== undefined ? { distance } : {}), ...(variant ? { variant } : {}), ...(category ? { category } : {}) });
    }
  }
  for (const [i, m] of viaBatch) {
    results[i]!.matches.push(m);
    results[i]!.verdict = 'near-duplicate';
  }

  for (const r of results) {
    if (r.verdict === 'new' && r.error) r.verdict = 'error';
    r.categories = [...new Set(r.matches.map((m) => m.category).filter((c): c is string => c !== undefined))].sort();
  }
  return results;
}

const round = (x: number) => Math.round(x * 10) / 10;
