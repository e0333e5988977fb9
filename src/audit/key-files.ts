// The log's secrets on disk: the Ed25519 signing key and the probe-commitment secret. Both live
// in the data directory (or where the operator points), readable by the owner only, never in
// the database next to the log they protect.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail } from '../domain/errors.ts';
import { generateSignerKey, parseSignerKey, type KeyType, type NoteSigner } from './signed-note.ts';

/** Reads `file`, or creates it atomically with `make()` (mode 0600) when it does not exist. */
function readOrCreate(file: string, make: () => string): string {
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fail('ABG_ERR_CONFIG', `Cannot create ${file}: ${(e as Error).message}`);
  }
  return readFileSync(file, 'utf8').trim();
}

/** The signer from `file` (the log's, or with type 0x04 a witness's); a new key named `name` is generated when the file does not exist. */
export function loadOrCreateSigner(file: string, name: string, type?: KeyType): NoteSigner {
  return parseSignerKey(readOrCreate(file, () => generateSignerKey(name, type)), type);
}

/** The probe-commitment secret (32 random bytes, hex) from `file`, created when absent. */
export function loadOrCreateCommitmentSecret(file: string): Buffer {
  const hex = readOrCreate(file, () => randomBytes(32).toString('hex'));
  if (!/^[0-9a-f]{64,}$/.test(hex)) fail('ABG_ERR_CONFIG', `${file} does not hold a hex secret of at least 32 bytes.`);
  return Buffer.from(hex, 'hex');
}
