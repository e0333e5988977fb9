// vPDQ comparison as the reference defines it: drop frames below the quality threshold,
// count the query frames that have some target frame closer than the distance threshold
// (and vice versa), and report both percentages.
import { hammingHex, PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY } from '../pdq/pdq-hash.ts';

export interface VpdqFrame {
  hash: string;
  quality: number;
  timestampSeconds: number;
}

export interface VpdqMatchOptions {
  /** A frame pair matches when its Hamming distance is below this (reference default 31). */
  distanceTolerance: number;
  /** Frames below this quality are ignored (reference default 50). */
  qualityTolerance: number;
  /** Both percentages must reach these for a video match. */
  queryMatchPercent: number;
  targetMatchPercent: number;
}

export const defaultVpdqMatch: VpdqMatchOptions = { distanceTolerance: PDQ_MATCH_DISTANCE, qualityTolerance: PDQ_MIN_QUALITY, queryMatchPercent: 80, targetMatchPercent: 80 };

export interface VpdqMatchResult {
  queryMatchPercent: number;
  targetMatchPercent: number;
  match: boolean;
}

function usable(frames: readonly VpdqFrame[], quality: number): string[] {
  // Identical consecutive hashes carry no extra evidence; keep each distinct hash once.
  return [...new Set(frames.filter((f) => f.quality >= quality).map((f) => f.hash))];
}

function percentFound(from: string[], within: string[], tolerance: number): number {
  if (from.length === 0) return 0;
  let found = 0;
  for (const h of from) if (within.some((w) => hammingHex(h, w) < tolerance)) found++;
  return (found * 100) / from.length;
}

/** Percentages of matching frames in both directions and the match decision. */
export function matchVpdq(query: readonly VpdqFrame[], target: readonly VpdqFrame[], options: Partial<VpdqMatchOptions> = {}): VpdqMatchResult {
  const o = { ...defaultVpdqMatch, ...options };
  const q = usable(query, o.qualityTolerance);
  const t = usable(target, o.qualityTolerance);
  const queryMatchPercent = percentFound(q, t, o.distanceTolerance);
  const targetMatchPercent = percentFound(t, q, o.distanceTolerance);
  return { queryMatchPercent, targetMatchPercent, match: queryMatchPercent >= o.queryMatchPercent && targetMatchPercent >= o.targetMatchPercent };
}
