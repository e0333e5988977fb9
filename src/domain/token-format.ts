// API token format: `abg_<id>_<secret>` — a recognisable prefix (secret scanners can find leaked
// tokens), a public id to look the record up, and 256 random bits. Only SHA-256(token) is stored:
// a high-entropy secret needs no slow KDF, which would slow every request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const tokenPrefix = 'abg_';
const pattern = /^abg_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  id: string;
  token: string;
  digest: string;
}

export function generateToken(): NewToken {
  const id = randomBytes(10).toString('hex').slice(0, 16);
  const secret = randomBytes(32).toString('base64url');
  const token = `${tokenPrefix}${id}_${secret}`;
  return { id, token, digest: tokenDigest(token) };
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The record id inside a well-formed token, or undefined. */
export function parseTokenId(token: string): string | undefined {
  return pattern.exec(token)?.[1];
}

/** Compares the token's digest with the stored one in constant time. */
export function tokenMatches(token: string, storedDigest: string): boolean {
  const a = Buffer.from(tokenDigest(token), 'hex');
  const b = Buffer.from(storedDigest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
