// Indexes over audio sub-fingerprint sequences. 'audio-linear' aligns the query with every stored
// recording (the brute-force reference); 'audio-inverted' looks up masked sub-fingerprint values
// in an inverted index (as the AcoustID server does), votes for (recording, time offset) pairs and
// checks only the best-voted offsets exactly, so a lookup never touches every stored recording.
import { fail } from '../domain/errors.ts';
import { berAt, bestAlignment, requiredOverlap, type Alignment } from './audio-align.ts';
import { checkId } from './vector-partitions.ts';
import type { GalleryFilter } from './types.ts';

export interface AudioHit extends Alignment {
  readonly id: string;
  readonly gallery: string;
}

export interface AudioIndex {
  readonly kind: 'audio-linear' | 'audio-inverted';
  readonly size: number;
  has(id: string): boolean;
  /** Adds (or replaces) a recording's sub-fingerprints. */
  add(id: string, gallery: string, items: Uint32Array): void;
  remove(id: string): boolean;
  /** Every recording whose best alignment has a bit error rate ≤ maxBer, lowest first, ties by id. */
  search(query: Uint32Array, maxBer: number, filter?: GalleryFilter): Promise<AudioHit[]>;
}

export interface AudioIndexOptions {
  /** Shortest overlap, in sub-fingerprints, that a match may rest on. */
  minItems: number;
}

interface Entry { id: string; gallery: string; items: Uint32Array }

function checkItems(items: unknown): Uint32Array {
  if (!(items instanceof Uint32Array) || items.length === 0) fail('ABG_ERR_MALFORMED_HASH', 'An audio fingerprint is a non-empty sequence of 32-bit sub-fingerprints.');
  return items;
}

function checkMaxBer(maxBer: number): void {
  if (!(maxBer >= 0 && maxBer <= 1)) fail('ABG_ERR_VALIDATION', 'maxBer must lie between 0 and 1.');
}

const galleries = (filter: GalleryFilter | undefined): ReadonlySet<string> | undefined => (filter === undefined ? undefined : filter instanceof Set ? filter : new Set(filter as readonly string[]));

const ordered = (hits: AudioHit[]) => hits.sort((a, b) => a.ber - b.ber || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Brute force: the best alignment against every stored recording. */
export class LinearAudioIndex implements AudioIndex {
  readonly kind = 'audio-linear' as const;
  #entries = new Map<string, Entry>();

  constructor(private readonly options: AudioIndexOptions) {}

  get size(): number { return this.#entries.size; }
  has(id: string): boolean { return this.#entries.has(id); }
  add(id: string, gallery: string, items: Uint32Array): void {
    checkId(id, gallery);
    this.#entries.set(id, { id, gallery, items: checkItems(items) });
  }
  remove(id: string): boolean { return this.#entries.delete(id); }

  async search(query: Uint32Array, maxBer: number, filter?: GalleryFilter): Promise<AudioHit[]> {
    checkItems(query);
    checkMaxBer(maxBer);
    const only = galleries(filter);
    const hits: AudioHit[] = [];
    for (const e of this.#entries.values()) {
      if (only && !only.has(e.gallery)) continue;
      const a = bestAlignment(query, e.items, this.options.minItems);
      if (a && a.ber <= maxBer) hits.push({ id: e.id, gallery: e.gallery, ...a });
    }
    return ordered(hits);
  }
}

export interface InvertedAudioIndexOptions extends AudioIndexOptions {
  /** Bits of a sub-fingerprint that form its key (default: the upper 20 bits). */
  keyMask?: number;
  /** Keys with more postings than this are too common to vote (silence, hum). */
  maxPostings?: number;
  /** Best-voted (recording, offset) pairs checked exactly per window of the query. */
  candidates?: number;
  /** Query items per voting window (default 512, about 63 s). */
  window?: number;
  /** Keys that vote per window, evenly spread over it (default 96). */
  voters?: number;
  /** Postings read per window, rarest keys first (default 24,000). */
  postingBudget?: number;
}

/** A query item whose key votes, with that key's postings. */
interface Voter { at: number; list: number[] }

const POS = 1 << 17; // positions per slot in a posting: up to 4.5 hours of audio
const OFF = 1 << 18; // offset range of a vote key

/**
 * Inverted index over masked sub-fingerprint values → vote on alignments → exact check. The work
 * of a lookup is bounded per window of the query: a whole copy costs what an excerpt of a window's
 * length costs, however many keys it has, and a long file is still searched along its full length.
 */
export class InvertedAudioIndex implements AudioIndex {
  readonly kind = 'audio-inverted' as const;
  readonly keyMask: number;
  readonly maxPostings: number;
  readonly candidates: number;
  readonly window: number;
  readonly voters: number;
  readonly postingBudget: number;
  #slots: (Entry | undefined)[] = [];
  #slotOf = new Map<string, number>();
  #postings = new Map<number, number[]>();

  constructor(private readonly options: InvertedAudioIndexOptions) {
    this.keyMask = options.keyMask ?? 0xfffff000;
    this.maxPostings = options.maxPostings ?? 20_000;
    this.candidates = options.candidates ?? 40;
    this.window = options.window ?? 512;
    this.voters = options.voters ?? 96;
    this.postingBudget = options.postingBudget ?? 24_000;
  }

  get size(): number { return this.#slotOf.size; }
  has(id: string): boolean { return this.#slotOf.has(id); }

  add(id: string, gallery: string, items: Uint32Array): void {
    checkId(id, gallery);
    checkItems(items);
    if (items.length >= POS) fail('ABG_ERR_VALIDATION', `An indexed recording has at most ${POS - 1} sub-fingerprints.`);
    this.remove(id);
    const slot = this.#slots.length;
    this.#slots.push({ id, gallery, items });
    this.#slotOf.set(id, slot);
    let prev = -1;
    for (let i = 0; i < items.length; i++) {
      const key = (items[i]! & this.keyMask) >>> 0;
      if (key === prev) continue; // a held value adds no timing evidence
      prev = key;
      let list = this.#postings.get(key);
      if (!list) this.#postings.set(key, (list = []));
      list.push(slot * POS + i);
    }
  }

  remove(id: string): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    this.#slots[slot] = undefined; // postings of a freed slot are skipped when read
    this.#slotOf.delete(id);
    return true;
  }

  async search(query: Uint32Array, maxBer: number, filter?: GalleryFilter): Promise<AudioHit[]> {
    checkItems(query);
    checkMaxBer(maxBer);
    const only = galleries(filter);
    const voting: Voter[] = [];
    let windows = 0;
    for (let from = 0; from < query.length; from += this.window, windows++) this.#voters(query, from, Math.min(query.length, from + this.window), voting);
    let n = 0;
    for (const { list } of voting) n += list.length;
    const votes = new Float64Array(n);
    n = 0;
    for (const { at, list } of voting) {
      for (const p of list) {
        const slot = Math.floor(p / POS);
        votes[n++] = slot * OFF + (p - slot * POS - at + OFF / 2);
      }
    }
    const best = new Map<number, Alignment>();
    for (const v of this.#shortlist(votes, this.candidates * windows, only)) {
      const slot = Math.floor(v / OFF);
      const e = this.#slots[slot]!;
      const offset = v - slot * OFF - OFF / 2;
      const minOverlap = requiredOverlap(query.length, e.items.length, this.options.minItems);
      for (let o = offset - 1; o <= offset + 1; o++) {
        const a = berAt(query, e.items, o, minOverlap);
        const b = best.get(slot);
        if (a && (!b || a.ber < b.ber)) best.set(slot, a);
      }
    }
    const hits: AudioHit[] = [];
    for (const [slot, a] of best) if (a.ber <= maxBer) hits.push({ id: this.#slots[slot]!.id, gallery: this.#slots[slot]!.gallery, ...a });
    return ordered(hits);
  }

  /** Appends the keys that vote for query items [from, to): at most `voters`, evenly spread, the rarest up to the posting budget. */
  #voters(query: Uint32Array, from: number, to: number, out: Voter[]): void {
    const starts: number[] = []; // where a key differs from the one before: a held value is one key
    for (let i = from, prev = i > 0 ? (query[i - 1]! & this.keyMask) >>> 0 : -1; i < to; i++) {
      const key = (query[i]! & this.keyMask) >>> 0;
      if (key !== prev) starts.push(i);
      prev = key;
    }
    const step = Math.max(1, starts.length / this.voters);
    const lists: Voter[] = [];
    for (let k = 0; k < starts.length; k += step) {
      const at = starts[Math.floor(k)]!;
      const list = this.#postings.get((query[at]! & this.keyMask) >>> 0);
      if (list && list.length <= this.maxPostings) lists.push({ at, list });
    }
    lists.sort((a, b) => a.list.length - b.list.length);
    let budget = this.postingBudget;
    for (const v of lists) {
      if (v.list.length > budget) break;
      budget -= v.list.length;
      out.push(v);
    }
  }

  /** The `count` (recording, offset) pairs with the most votes (at least two), live and in the filter's galleries. */
  #shortlist(votes: Float64Array, count: number, only: ReadonlySet<string> | undefined): number[] {
    const sorted = votes.sort();
    const pairs: { v: number; n: number }[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i + 1;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      if (j - i >= 2) pairs.push({ v: sorted[i]!, n: j - i });
      i = j;
    }
    pairs.sort((a, b) => b.n - a.n || a.v - b.v);
    const out: number[] = [];
    for (const { v } of pairs) {
      if (out.length === count) break;
      const e = this.#slots[Math.floor(v / OFF)];
      if (e && (!only || only.has(e.gallery))) out.push(v);
    }
    return out;
  }
}
