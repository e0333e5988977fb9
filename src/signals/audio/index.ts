// The `audio` signal type: Chromaprint sub-fingerprints of a recording (or of a video's sound
// track) with its length. Two recordings match when the bit error rate over their best time
// alignment is at most AUDIO_MATCH_BER; the offset says where the excerpt sits. The threshold is
// calibrated on false matches among unrelated recordings (docs/audio.md, bench/audio-reach).
import { fail } from '../../domain/errors.ts';
import { CHROMAPRINT_ITEM_SECONDS, chromaprintFromFile, type AudioLimits } from '../../media/audio.ts';
import { withTempFile } from '../../media/temp-file.ts';
import { bestAlignment } from '../../index/audio-align.ts';
import { InvertedAudioIndex, type AudioIndex } from '../../index/audio-index.ts';
import type { SignalType } from '../signal-type.ts';

export interface AudioFingerprint {
  durationSeconds: number;
  /** Raw Chromaprint sub-fingerprints, one per CHROMAPRINT_ITEM_SECONDS. */
  items: Uint32Array;
}

/** Highest bit error rate of a match (see docs/audio.md for its calibration). */
export const AUDIO_MATCH_BER = 0.2;
/** Shortest overlap a match rests on: 40 sub-fingerprints, about 5 seconds (a recording needs about 7 s). */
export const AUDIO_MIN_ITEMS = 40;
/** A fingerprint needs this many distinct sub-fingerprints (silence and steady tones have a few). */
const MIN_DISTINCT = 20;
/** Highest mean distance of a bit's share of ones from one half: white noise holds most bits steady (about 0.37), speech about 0.18. */
const MAX_BIT_BIAS = 0.27;

/** Mean over the 32 bits of |share of items with the bit set − 0.5|. */
export function bitBias(items: Uint32Array): number {
  const ones = new Array<number>(32).fill(0);
  for (const v of items) for (let b = 0; b < 32; b++) ones[b]! += (v >>> b) & 1;
  return ones.reduce((a, n) => a + Math.abs(n / items.length - 0.5), 0) / 32;
}

/** Base64 of the sub-fingerprints as little-endian uint32, the exchange and storage encoding. */
export function encodeAudioItems(items: Uint32Array): string {
  const b = Buffer.alloc(items.length * 4);
  items.forEach((v, i) => b.writeUInt32LE(v, i * 4));
  return b.toString('base64');
}

/** The sub-fingerprints of a base64 text; throws ABG_ERR_MALFORMED_HASH. */
export function decodeAudioItems(text: unknown): Uint32Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) fail('ABG_ERR_MALFORMED_HASH', 'An audio fingerprint is base64 of little-endian 32-bit sub-fingerprints.');
  const b = Buffer.from(text, 'base64');
  if (b.length === 0 || b.length % 4 !== 0) fail('ABG_ERR_MALFORMED_HASH', 'An audio fingerprint has a whole number of 32-bit sub-fingerprints.');
  const items = new Uint32Array(b.length / 4);
  for (let i = 0; i < items.length; i++) items[i] = b.readUInt32LE(i * 4);
  return items;
}

/** Whether a fingerprint carries enough structure to match: long enough, not silence, a steady tone or steady noise. */
export function audioUsable(items: Uint32Array): boolean {
  return items.length >= AUDIO_MIN_ITEMS && new Set(items).size >= MIN_DISTINCT && bitBias(items) <= MAX_BIT_BIAS;
}

/** Fingerprints a recording or a video's sound track; ABG_ERR_NO_AUDIO_FINGERPRINT when it carries nothing to match. */
export async function audioFromFile(path: string, limits: Partial<AudioLimits> = {}): Promise<AudioFingerprint> {
  const raw = await chromaprintFromFile(path, limits);
  if (!audioUsable(raw.items)) {
    fail('ABG_ERR_NO_AUDIO_FINGERPRINT', `${raw.items.length} sub-fingerprints, ${new Set(raw.items).size} distinct, bit bias ${raw.items.length ? bitBias(raw.items).toFixed(2) : '-'}.`, { durationSeconds: Math.round(raw.durationSeconds * 1000) / 1000 });
  }
  return { durationSeconds: Math.round(raw.durationSeconds * 1000) / 1000, items: raw.items };
}

/** An empty index for audio search, with the signal's minimum overlap. */
export const createAudioIndex = (): AudioIndex => new InvertedAudioIndex({ minItems: AUDIO_MIN_ITEMS });

/** Seconds from the reference's start to the query's start for an alignment offset. */
export const offsetSeconds = (offsetItems: number): number => Math.round(offsetItems * CHROMAPRINT_ITEM_SECONDS * 100) / 100;

function synthetic(seed: number, n: number): Uint32Array {
  let x = seed >>> 0;
  return Uint32Array.from({ length: n }, () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0));
}

const exampleBase = synthetic(11, 200);
// An excerpt (items 60–160) with about 10 % of its bits flipped.
const exampleExcerpt = exampleBase.slice(60, 160).map((v, i) => v ^ synthetic(99, 100)[i]! & synthetic(98, 100)[i]! & synthetic(97, 100)[i]!);

export const audioSignal: SignalType<AudioFingerprint> & { matchBer: number; minItems: number } = {
  name: 'audio',
  contentTypes: ['file', 'video'],
  indexKind: 'audio-alignment',
  matchBer: AUDIO_MATCH_BER,
  minItems: AUDIO_MIN_ITEMS,
  validate(value: unknown): AudioFingerprint {
    const v = value as { durationSeconds?: unknown; items?: unknown; fingerprint?: unknown } | null;
    if (!v || typeof v !== 'object') fail('ABG_ERR_MALFORMED_HASH', 'An audio value is { durationSeconds, fingerprint (base64) }.');
    const d = v.durationSeconds;
    if (typeof d !== 'number' || !(d > 0) || !Number.isFinite(d)) fail('ABG_ERR_MALFORMED_HASH', 'durationSeconds must be a positive number.');
    const items = v.items instanceof Uint32Array && v.items.length > 0 ? v.items : decodeAudioItems(v.fingerprint);
    return { durationSeconds: d, items: items.slice() };
  },
  compute: (input) => (input.path ? audioFromFile(input.path) : withTempFile('abg-audio-', input.bytes, (path) => audioFromFile(path))),
  compare(a, b) {
    const r = bestAlignment(a.items, b.items, AUDIO_MIN_ITEMS);
    const ber = r?.ber ?? 1;
    return { distance: ber, match: ber <= AUDIO_MATCH_BER };
  },
  usable: (v) => audioUsable(v.items),
  examples: [
    {
      value: { durationSeconds: 26.6, items: exampleBase },
      same: { durationSeconds: 12.4, items: exampleExcerpt },
      other: { durationSeconds: 26.6, items: synthetic(12, 200) },
    },
  ],
};
