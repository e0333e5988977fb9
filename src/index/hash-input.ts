// Parses 256-bit hashes into eight 32-bit words (word 0 = the first 8 hex characters).
import { fail } from '../domain/errors.ts';
import type { Hash256 } from './types.ts';

export const HASH_BITS = 256;
export const HASH_WORDS = 8;
const HEX = /^[0-9a-fA-F]{64}$/;

/** Parses a 64-hex string or 32 bytes into 8 words, or throws ABG_ERR_MALFORMED_HASH. */
export function parseHash(value: Hash256, into: Uint32Array = new Uint32Array(HASH_WORDS), offset = 0): Uint32Array {
  if (typeof value === 'string') {
    if (!HEX.test(value)) fail('ABG_ERR_MALFORMED_HASH', `Got ${value.length} characters${value.length === 64 ? ' with a non-hex character' : ''}.`);
    for (let w = 0; w < HASH_WORDS; w++) into[offset + w] = Number.parseInt(value.slice(w * 8, w * 8 + 8), 16);
    return into;
  }
  if (!(value instanceof Uint8Array) || value.length !== 32) {
    fail('ABG_ERR_MALFORMED_HASH', `Expected 32 bytes, got ${value instanceof Uint8Array ? value.length : typeof value}.`);
  }
  for (let w = 0; w < HASH_WORDS; w++) {
    const b = w * 4;
    into[offset + w] = ((value[b]! << 24) | (value[b + 1]! << 16) | (value[b + 2]! << 8) | value[b + 3]!) >>> 0;
  }
  return into;
}

/** Formats 8 words as 64 lower-case hex characters. */
export function formatHash(words: Uint32Array, offset = 0): string {
  let s = '';
  for (let w = 0; w < HASH_WORDS; w++) s += words[offset + w]!.toString(16).padStart(8, '0');
  return s;
}

/** Population count of a 32-bit word (SWAR; JavaScript has no popcount instruction). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of one bits of every 16-bit value (two lookups per word; see docs/index.md vs SWAR). */
export const POP16 = new Uint8Array(1 << 16);
for (let i = 1; i < POP16.length; i++) POP16[i] = (i & 1) + POP16[i >>> 1]!;

/** Hamming distance between the hash at `a[ai..ai+8)` and `b[bi..bi+8)`. */
export function hamming(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  let d = 0;
  for (let w = 0; w < 8; w++) {
    const x = a[ai + w]! ^ b[bi + w]!;
    d += POP16[x & 0xffff]! + POP16[x >>> 16]!;
  }
  return d;
}

/** Checks a search radius: an integer in 0..256. */
export function checkRadius(r: number): void {
  if (!Number.isInteger(r) || r < 0 || r > HASH_BITS) fail('ABG_ERR_VALIDATION', `maxDistance must be an integer in 0..256, got ${String(r)}.`);
}
