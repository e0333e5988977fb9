import { digestSignal } from '../digest/digest-signal.ts';

/** SHA-1 of the file bytes (FIPS 180-4), for interoperability with known-hash sets only. */
export const sha1Signal = digestSignal('sha1', 'sha1', 40, [
  { value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', other: 'a9993e364706816aba3e25717850c26c9cd0d89d' },
]);
