// Checks, in the browser and with WebCrypto only, that a log entry is in the tree a signed
// checkpoint commits to: RFC 9162 §2.1.1 leaf and node hashes, §2.1.3.2 inclusion proof
// verification, and the checkpoint's c2sp.org/signed-note Ed25519 signature. It trusts nothing
// the server computed except the proof path it checks.

const subtle = () => globalThis.crypto.subtle;

export function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await subtle().digest('SHA-256', all));
}

/** RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(payload: string): Promise<Uint8Array> {
  return sha256(new Uint8Array([0]), new TextEncoder().encode(payload));
}

const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(new Uint8Array([1]), left, right);
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** RFC 9162 §2.1.3.2: whether `leaf` is entry `index` of the tree of `size` entries with root `root`. */
export async function verifyInclusion(index: number, size: number, leaf: Uint8Array, path: Uint8Array[], root: Uint8Array): Promise<boolean> {
  if (!(index >= 0 && index < size) || leaf.length !== 32 || root.length !== 32 || path.some((p) => p.length !== 32)) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equal(r, root);
}

export interface ParsedCheckpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  /** The signed text: the body lines, each ending in a newline. */
  text: string;
  signatures: { name: string; blob: Uint8Array }[];
}

/** Splits a signed checkpoint note (c2sp.org/tlog-checkpoint); null when it is not one. */
export function parseCheckpoint(note: string): ParsedCheckpoint | null {
  const split = note.indexOf('\n\n');
  if (split < 0) return null;
  const text = note.slice(0, split + 1);
  const [origin, sizeText, rootText] = text.split('\n');
  if (!origin || !sizeText || !/^(0|[1-9][0-9]*)$/.test(sizeText) || !rootText) return null;
  const signatures: ParsedCheckpoint['signatures'] = [];
  for (const line of note.slice(split + 2).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (m) signatures.push({ name: m[1]!, blob: fromBase64(m[2]!) });
  }
  return { origin, size: Number(sizeText), root: fromBase64(rootText), text, signatures };
}

/**
 * Whether the checkpoint carries a valid Ed25519 signature by the verifier key
 * `<name>+<hex key id>+<base64(0x01 || public key)>`; 'unsupported' when this browser's WebCrypto has no Ed25519.
 */
export async function verifyCheckpointSignature(cp: ParsedCheckpoint, verifierKey: string): Promise<boolean | 'unsupported'> {
  const parts = verifierKey.split('+');
  if (parts.length < 3) return false;
  const [name, idHex] = parts as [string, string];
  const raw = fromBase64(parts.slice(2).join('+'));
  if (raw.length !== 33 || raw[0] !== 1) return false;
  const keyId = Uint8Array.from(idHex.match(/../g) ?? [], (h) => parseInt(h, 16));
  let key: CryptoKey;
  try {
    key = await subtle().importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return 'unsupported';
  }
  const data = new TextEncoder().encode(cp.text);
  for (const s of cp.signatures) {
    if (s.name !== name || s.blob.length !== 68 || !equal(s.blob.slice(0, 4), keyId)) continue;
    if (await subtle().verify({ name: 'Ed25519' }, key, s.blob.slice(4), data)) return true;
  }
  return false;
}

export interface ProofCheck {
  /** The entry's leaf hash, computed here from its payload, is the one the proof starts from. */
  leafMatches: boolean;
  /** The inclusion path leads from that leaf to the checkpoint's root. */
  included: boolean;
  /** The checkpoint's signature verifies with the log's public key. */
  signed: boolean | 'unsupported';
  checkpointSize: number;
  ok: boolean;
}

/** Verifies entry `index` with `payload` against a signed checkpoint, given the server's proof for that checkpoint's size. */
export async function checkEntry(input: { index: number; payload: string; note: string; publicKey: string; proof: { leafHash: string; size: number; path: string[] } }): Promise<ProofCheck> {
  const cp = parseCheckpoint(input.note);
  if (!cp) return { leafMatches: false, included: false, signed: false, checkpointSize: 0, ok: false };
  const leaf = await leafHash(input.payload);
  const leafMatches = equal(leaf, fromBase64(input.proof.leafHash));
  const included = input.proof.size === cp.size && (await verifyInclusion(input.index, cp.size, leaf, input.proof.path.map(fromBase64), cp.root));
  const signed = await verifyCheckpointSignature(cp, input.publicKey);
  return { leafMatches, included, signed, checkpointSize: cp.size, ok: leafMatches && included && signed !== false };
}
