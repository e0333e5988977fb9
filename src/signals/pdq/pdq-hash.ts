// PDQ hash values: 256 bits written as 64 lowercase hex characters, compared by Hamming distance.
import { fail } from '../../domain/errors.ts';

/** Hamming distance at or below which two PDQ hashes match. */
export const PDQ_MATCH_DISTANCE = 31;
/** Hashes with a lower quality carry too little structure to be trusted. */
export const PDQ_MIN_QUALITY = 50;

const HEX = /^[0-9a-f]{64}$/;

// The reference prints sixteen 16-bit words, most significant word (bits 240–255) first.
/** Hex form of 32 hash bytes (bit k = byte k>>3, bit k&7). */
export function bitsToHex(bits: Uint8Array): string {
  let out = '';
  for (let w = 15; w >= 0; w--) {
    const word = bits[2 * w]! | (bits[2 * w + 1]! << 8);
    out += word.toString(16).padStart(4, '0');
  }
  return out;
}

/** 32 hash bytes from the hex form; throws ABG_ERR_MALFORMED_HASH on anything else. */
export function hexToBits(hex: string): Uint8Array {
  const h = normalisePdqHex(hex);
  const bits = new Uint8Array(32);
  for (let w = 0; w < 16; w++) {
    const word = parseInt(h.slice((15 - w) * 4, (16 - w) * 4), 16);
    bits[2 * w] = word & 0xff;
    bits[2 * w + 1] = word >> 8;
  }
  return bits;
}

/** Lowercases and checks a PDQ hex string. */
export function normalisePdqHex(value: unknown): string {
  if (typeof value !== 'string') fail('ABG_ERR_MALFORMED_HASH', 'A PDQ hash must be a string of 64 hex characters.');
  const h = value.trim().toLowerCase();
  if (!HEX.test(h)) fail('ABG_ERR_MALFORMED_HASH', `A PDQ hash must be 64 hex characters, got ${JSON.stringify(value.slice(0, 80))}.`);
  return h;
}

const POP4 = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** Hamming distance between two hex hashes of equal length. */
export function hammingHex(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += POP4[parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16)]!;
  return d;
}
