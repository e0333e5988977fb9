// The `pdq` signal type: 256-bit perceptual hash of a photo with its quality.
import { decodeImagePixels, type DecodeLimits } from '../../media/decode.ts';
import { fail } from '../../domain/errors.ts';
import { HammingIndex } from '../../index/hash-index.ts';
import type { SignalType } from '../signal-type.ts';
import { pdqDihedralFromPixels, pdqFromPixels, DIHEDRAL_NAMES, type Dihedral } from './pdq-core.ts';
import { bitsToHex, hammingHex, normalisePdqHex, PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY } from './pdq-hash.ts';

export interface PdqValue {
  hash: string;
  quality: number;
}

/** Hashes decoded 8-bit RGB pixels (channels 4: RGB plus a byte that is ignored). */
export function pdqFromRgb(rgb: Uint8Array, width: number, height: number, channels: 3 | 4 = 3): PdqValue {
  const r = pdqFromPixels(rgb, width, height, channels);
  return { hash: bitsToHex(r.bits), quality: r.quality };
}

/** The eight hashes the photo would have if rotated or flipped, for matching re-shared copies. */
export function pdqDihedralFromRgb(rgb: Uint8Array, width: number, height: number, channels: 3 | 4 = 3): { hashes: Record<Dihedral, string>; quality: number } {
  const r = pdqDihedralFromPixels(rgb, width, height, channels);
  const hashes = {} as Record<Dihedral, string>;
  for (const n of DIHEDRAL_NAMES) hashes[n] = bitsToHex(r.hashes[n]);
  return { hashes, quality: r.quality };
}

// EXIF orientation is applied, so the hash describes the image as people see it; a copy that
// lost or changed the tag is still found through the dihedral variants. Alpha is dropped, not
// flattened, as the reference implementations do.
/**
 * The shorter side a JPEG keeps when decoded reduced for PDQ (DCT scaling by 2, 4 or 8, then a
 * linear filter to 1/3, 1/5 or 1/9: decode.ts dctShrink): PDQ filters the luma down to 64×64, and
 * on the reference photos this size keeps every hash within 8 bits of the full decode
 * (bench/triage measures the distribution).
 */
export const PDQ_DECODE_MIN_SIDE = 256;

/** Decodes a photo and hashes it. */
export async function pdqFromImageBytes(bytes: Uint8Array, options: { autoOrient?: boolean; limits?: Partial<DecodeLimits> } = {}): Promise<PdqValue> {
  const img = await decodeImagePixels(bytes, { autoOrient: options.autoOrient ?? true, alpha: 'ignore', limits: options.limits });
  return pdqFromRgb(img.data, img.width, img.height, img.channels);
}

export interface PdqSignalType extends SignalType<PdqValue> {
  /** Hamming distance at or below which two hashes match. */
  readonly matchDistance: number;
  /** Hashes of lower quality carry too little structure to be trusted. */
  readonly minQuality: number;
  /** Names of the 8 rotations/flips, in the order variants are listed (original first). */
  readonly variantNames: readonly Dihedral[];
  usable(value: Pick<PdqValue, 'quality'>): boolean;
  /** An empty exact index for radius searches at `matchDistance`. */
  createIndex(): HammingIndex;
}

export const pdqSignal: PdqSignalType = {
  name: 'pdq',
  contentTypes: ['photo'],
  indexKind: 'hamming256',
  matchDistance: PDQ_MATCH_DISTANCE,
  minQuality: PDQ_MIN_QUALITY,
  variantNames: DIHEDRAL_NAMES,
  usable: (value) => value.quality >= PDQ_MIN_QUALITY,
  createIndex: () => new HammingIndex({ mode: 'mih' }),
  validate(value: unknown): PdqValue {
    const v = (typeof value === 'string' ? { hash: value, quality: 100 } : value) as Partial<PdqValue> | null;
    if (!v || typeof v !== 'object') fail('ABG_ERR_MALFORMED_HASH', 'A PDQ value is { hash, quality }.');
    const quality = v.quality;
    if (typeof quality !== 'number' || !Number.isInteger(quality) || quality < 0 || quality > 100) {
      fail('ABG_ERR_MALFORMED_HASH', 'PDQ quality must be an integer from 0 to 100.');
    }
    return { hash: normalisePdqHex(v.hash), quality };
  },
  compute: (input) => pdqFromImageBytes(input.bytes),
  compare(a, b) {
    const distance = hammingHex(a.hash, b.hash);
    // A low-quality hash (flat or tiny image) matches too much to be trusted.
    const trusted = pdqSignal.usable(a) && pdqSignal.usable(b);
    return { distance, match: trusted && distance <= PDQ_MATCH_DISTANCE };
  },
  examples: [
    {
      value: { hash: 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22', quality: 100 },
      same: { hash: 'd8f8f0cec0f4a84f0637022a278f67f0b36e2ed596621e1d33e6339c4e9c9b22', quality: 100 },
      other: { hash: '30a10efdf1c83f429013d48d0ffffc52e34e0e35ada952a9d29605215aa9e5af', quality: 100 },
    },
  ],
};
