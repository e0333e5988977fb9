import { digestSignal } from '../digest/digest-signal.ts';

/** MD5 of the file bytes (RFC 1321), for interoperability with known-hash sets only. */
export const md5Signal = digestSignal('md5', 'md5', 32, [
  { value: 'd41d8cd98f00b204e9800998ecf8427e', other: '900150983cd24fb0d6963f7d28e17f72' },
]);
