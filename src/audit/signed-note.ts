// C2SP signed notes (c2sp.org/signed-note) with Ed25519, and the checkpoint body of
// c2sp.org/tlog-checkpoint. Key strings use the same text encoding as the Go note package,
// so a checkpoint can be checked with common transparency-log tooling as well as with ours.
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { fail } from '../domain/errors.ts';

const ED25519 = 0x01; // signature type byte of Ed25519 in c2sp.org/signed-note
/** The signature type byte of a key: 0x01 plain Ed25519 notes, 0x04 timestamped cosignatures (c2sp.org/tlog-cosignature). */
export type KeyType = 0x01 | 0x04;
const SIG_PREFIX = '\u2014 '; // em dash and a space open every signature line
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteSigner {
  readonly name: string;
  readonly keyId: Buffer;
  /** The public verifier key, `<name>+<hex key id>+<base64(0x01 || public key)>`. */
  readonly verifierKey: string;
  sign(message: Uint8Array): Buffer;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Buffer;
  readonly verifierKey: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Key names must be non-empty and hold neither Unicode spaces nor '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** c2sp.org/signed-note key id: SHA-256(name || 0x0A || type || public key)[:4]. */
export function keyIdOf(name: string, publicKey: Uint8Array, type: KeyType = ED25519): Buffer {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, type])).update(publicKey).digest().subarray(0, 4);
}

/** A fresh signer key string, `PRIVATE+KEY+<name>+<hex key id>+<base64(type || seed)>`. Keep it secret. */
export function generateSignerKey(name: string, type: KeyType = ED25519): string {
  if (!isValidKeyName(name)) fail('ABG_ERR_CONFIG', `Key name "${name}" must be non-empty without spaces or "+".`);
  const seed = randomBytes(32);
  const pub = rawPublicKey(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' }));
  return `PRIVATE+KEY+${name}+${keyIdOf(name, pub, type).toString('hex')}+${Buffer.concat([Buffer.from([type]), seed]).toString('base64')}`;
}

function rawPublicKey(key: KeyObject): Buffer {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
}

/** Parses a signer key string; fails with ABG_ERR_CONFIG when it is malformed or its key id does not match. */
export function parseSignerKey(skey: string, type: KeyType = ED25519): NoteSigner {
  const parts = splitPlus(skey.trim(), 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') fail('ABG_ERR_CONFIG', 'The log signing key is not a PRIVATE+KEY+… string.');
  const [, , name, idHex, b64] = parts;
  const raw = Buffer.from(b64, 'base64');
  if (!isValidKeyName(name) || raw.length !== 33 || raw[0] !== type) fail('ABG_ERR_CONFIG', `The signing key is not an Ed25519 key of type ${type}.`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, raw.subarray(1)]), format: 'der', type: 'pkcs8' });
  const pub = rawPublicKey(privateKey);
  const keyId = keyIdOf(name, pub, type);
  if (keyId.toString('hex') !== idHex.toLowerCase()) fail('ABG_ERR_CONFIG', 'The signing key id does not match its key.');
  return {
    name,
    keyId,
    verifierKey: formatVerifierKey(name, pub, type),
    sign: (message) => sign(null, message, privateKey),
  };
}

// The last field is base64, which may itself hold '+'; the fields before it never do.
function splitPlus(s: string, fields: number): string[] | null {
  const parts = s.split('+');
  if (parts.length < fields) return null;
  return [...parts.slice(0, fields - 1), parts.slice(fields - 1).join('+')];
}

function formatVerifierKey(name: string, publicKey: Uint8Array, type: KeyType): string {
  return `${name}+${keyIdOf(name, publicKey, type).toString('hex')}+${Buffer.concat([Buffer.from([type]), publicKey]).toString('base64')}`;
}

/** Parses a verifier key string `<name>+<hex key id>+<base64(0x01 || public key)>`. */
export function parseVerifierKey(vkey: string, type: KeyType = ED25519): NoteVerifier {
  const parts = splitPlus(vkey.trim(), 3);
  if (!parts) fail('ABG_ERR_VALIDATION', 'A log public key has the form <name>+<key id>+<base64 key>.');
  const [name, idHex, b64] = parts;
  const raw = Buffer.from(b64, 'base64');
  if (!isValidKeyName(name) || raw.length !== 33 || raw[0] !== type) fail('ABG_ERR_VALIDATION', `The public key ${name} is not an Ed25519 verifier key of type ${type}.`);
  const pub = raw.subarray(1);
  const keyId = keyIdOf(name, pub, type);
  if (keyId.toString('hex') !== idHex.toLowerCase()) fail('ABG_ERR_VALIDATION', 'The public key id does not match its key.');
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519, pub]), format: 'der', type: 'spki' });
  return {
    name,
    keyId,
    verifierKey: formatVerifierKey(name, pub, type),
    verify: (message, signature) => signature.length === 64 && verify(null, message, publicKey, signature),
  };
}

/** The base64 signature of a signature line: key id (4 bytes) followed by the Ed25519 signature. */
export function signatureBlob(text: string, signer: NoteSigner): string {
  return Buffer.concat([signer.keyId, signer.sign(Buffer.from(text, 'utf8'))]).toString('base64');
}

/** True when `blob` (key id || signature, base64) is `verifier`'s signature of `text`. */
export function verifySignatureBlob(text: string, blob: string, verifier: NoteVerifier): boolean {
  const raw = Buffer.from(blob, 'base64');
  // Node decodes base64 leniently; only the canonical spelling counts as this signature.
  if (raw.toString('base64') !== blob || raw.length !== 4 + 64 || !raw.subarray(0, 4).equals(verifier.keyId)) return false;
  return verifier.verify(Buffer.from(text, 'utf8'), raw.subarray(4));
}

/** Signs a note: the text (ending in a newline), a blank line, and one signature line. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n') || text.includes('\n\n')) fail('ABG_ERR_VALIDATION', 'A note text ends in one newline and holds no blank line.');
  return `${text}\n${SIG_PREFIX}${signer.name} ${signatureBlob(text, signer)}\n`;
}

/** Opens a signed note: returns its text when a signature line by `verifier` verifies, otherwise null. */
export function openNote(note: string, verifier: NoteVerifier): string | null {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX)) return null;
    const [name, blob, extra] = line.slice(SIG_PREFIX.length).split(' ');
    if (extra !== undefined || !name || !blob) return null;
    if (name !== verifier.name) continue;
    const raw = Buffer.from(blob, 'base64');
    if (!raw.subarray(0, 4).equals(verifier.keyId)) continue;
    // c2sp.org/signed-note: a signature by a known key that fails rejects the whole note.
    return verifySignatureBlob(text, blob, verifier) ? text : null;
  }
  return null;
}
