import { digestSignal } from '../digest/digest-signal.ts';

/** SHA-256 of the file bytes (FIPS 180-4). */
export const sha256Signal = digestSignal('sha256', 'sha256', 64, [
  { value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', other: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
]);
