// Witness cosignatures (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1): a signature line on a
// checkpoint note whose blob is key id || u64 big-endian timestamp || Ed25519 signature over
// "cosignature/v1\ntime <t>\n" followed by the checkpoint note body.
import { generateSignerKey, parseSignerKey, parseVerifierKey, type NoteSigner, type NoteVerifier } from './signed-note.ts';

/** The signature type byte of timestamped Ed25519 cosignatures. */
export const COSIGNATURE_V1 = 0x04;
const SIG_PREFIX = '\u2014 ';

/** A fresh cosigner (witness) key string, `PRIVATE+KEY+<name>+<id>+<base64(0x04 || seed)>`. */
export const generateCosignerKey = (name: string): string => generateSignerKey(name, COSIGNATURE_V1);
/** Parses a cosigner key string. */
export const parseCosignerKey = (skey: string): NoteSigner => parseSignerKey(skey, COSIGNATURE_V1);
/** Parses a cosigner verifier key `<name>+<id>+<base64(0x04 || public key)>`. */
export const parseCosignerVerifier = (vkey: string): NoteVerifier => parseVerifierKey(vkey, COSIGNATURE_V1);

/** The text of a note before its signature lines (the body, ending in a newline); null when it is no note. */
export function noteBody(note: string): string | null {
  const split = note.indexOf('\n\n');
  return split < 0 || !note.endsWith('\n') ? null : note.slice(0, split + 1);
}

/** The signature lines of a note, without their newlines. */
export function noteSignatureLines(note: string): string[] {
  const split = note.indexOf('\n\n');
  return split < 0 ? [] : note.slice(split + 2).split('\n').filter((l) => l.startsWith(SIG_PREFIX));
}

/** The message a cosignature/v1 signs. */
export function cosignedMessage(body: string, timestamp: number): string {
  return `cosignature/v1\ntime ${timestamp}\n${body}`;
}

/** One cosignature line (with its newline) over the note body at `time`. */
export function cosignatureLine(body: string, signer: NoteSigner, time: Date): string {
  const timestamp = Math.floor(time.getTime() / 1000);
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(timestamp));
  const sig = signer.sign(Buffer.from(cosignedMessage(body, timestamp), 'utf8'));
  return `${SIG_PREFIX}${signer.name} ${Buffer.concat([signer.keyId, ts, sig]).toString('base64')}\n`;
}

/** The time of a valid cosignature by `verifier` on the note; null when it carries none. */
export function verifyCosignature(note: string, verifier: NoteVerifier): Date | null {
  const body = noteBody(note);
  if (body === null) return null;
  for (const line of noteSignatureLines(note)) {
    const [name, blob, extra] = line.slice(SIG_PREFIX.length).split(' ');
    if (extra !== undefined || name !== verifier.name || !blob) continue;
    const raw = Buffer.from(blob, 'base64');
    if (raw.toString('base64') !== blob || raw.length !== 4 + 8 + 64 || !raw.subarray(0, 4).equals(verifier.keyId)) continue;
    const timestamp = raw.readBigUInt64BE(4);
    if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    if (verifier.verify(Buffer.from(cosignedMessage(body, Number(timestamp)), 'utf8'), raw.subarray(12))) return new Date(Number(timestamp) * 1000);
  }
  return null;
}

/** The note with `lines` (signature lines, each ending in a newline) appended, skipping lines it already holds. */
export function withSignatureLines(note: string, lines: readonly string[]): string {
  const held = new Set(noteSignatureLines(note));
  const fresh = lines.map((l) => l.replace(/\n$/, '')).filter((l) => l.startsWith(SIG_PREFIX) && !held.has(l) && (held.add(l), true));
  return note + fresh.map((l) => `${l}\n`).join('');
}
