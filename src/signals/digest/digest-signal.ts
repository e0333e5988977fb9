// Cryptographic digests over the file bytes; exact match only.
import { createHash } from 'node:crypto';
import { fail } from '../../domain/errors.ts';
import type { SignalType } from '../signal-type.ts';

/** Builds an exact-match signal type over one node:crypto digest. */
export function digestSignal(name: string, algorithm: string, hexLength: number, examples: { value: string; other: string }[]): SignalType<string> {
  const pattern = new RegExp(`^[0-9a-f]{${hexLength}}$`);
  return {
    name,
    contentTypes: ['photo', 'video', 'file'],
    indexKind: 'exact',
    validate(value: unknown): string {
      const h = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (!pattern.test(h)) fail('ABG_ERR_MALFORMED_HASH', `A ${name} value must be ${hexLength} hex characters.`);
      return h;
    },
    async compute(input) {
      return createHash(algorithm).update(input.bytes).digest('hex');
    },
    compare(a, b) {
      const match = a === b;
      return { distance: match ? 0 : 1, match };
    },
    examples: examples.map((e) => ({ value: e.value, same: e.value.toUpperCase(), other: e.other })),
  };
}
