// Bit error rate between two sequences of 32-bit audio sub-fingerprints over their best time
// alignment: the query may start anywhere inside the reference (an excerpt) or the reference
// inside the query (a longer copy). Overlaps shorter than the required length do not count.
import { popcount32 } from './hash-input.ts';

export interface Alignment {
  /** Reference item aligned with the query's first item (negative: the query starts earlier). */
  offsetItems: number;
  /** Wrong bits / compared bits over the overlap, 0–1. */
  ber: number;
  /** Compared items. */
  overlap: number;
}

/** Shortest overlap considered for two sequences: most of the shorter one, at least `minItems`. */
export function requiredOverlap(queryLength: number, referenceLength: number, minItems: number): number {
  return Math.max(minItems, Math.ceil(0.9 * Math.min(queryLength, referenceLength)));
}

/** Wrong bits / 32·overlap with reference item `offset` aligned to query item 0; null below `minOverlap` items. */
export function berAt(query: Uint32Array, reference: Uint32Array, offset: number, minOverlap: number): Alignment | null {
  const qs = Math.max(0, -offset);
  const end = Math.min(query.length, reference.length - offset);
  const overlap = end - qs;
  if (overlap < minOverlap || overlap <= 0) return null;
  let wrong = 0;
  for (let i = qs; i < end; i++) wrong += popcount32((query[i]! ^ reference[i + offset]!) >>> 0);
  return { offsetItems: offset, ber: wrong / (32 * overlap), overlap };
}

/** The alignment with the lowest bit error rate over every offset (brute force), or null when none overlaps enough. */
export function bestAlignment(query: Uint32Array, reference: Uint32Array, minItems: number): Alignment | null {
  const minOverlap = requiredOverlap(query.length, reference.length, minItems);
  let best: Alignment | null = null;
  for (let o = minOverlap - query.length; o <= reference.length - minOverlap; o++) {
    const a = berAt(query, reference, o, minOverlap);
    if (a && (!best || a.ber < best.ber)) best = a;
  }
  return best;
}
