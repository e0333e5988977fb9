// Hash fields of a known-hash list entry and their checks, shared by the hash-list formats.

const PATTERNS = { md5: /^[0-9a-f]{32}$/, sha1: /^[0-9a-f]{40}$/, sha256: /^[0-9a-f]{64}$/, pdq: /^[0-9a-f]{64}$/ } as const;
export type HashField = keyof typeof PATTERNS;
export const HASH_FIELDS = Object.keys(PATTERNS) as HashField[];

/** Normalises one hash field; returns an error text when the value is present but malformed. */
export function checkHash(field: HashField, raw: unknown): { value?: string; error?: string } {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'string') return { error: `${field} is not a string` };
  const v = raw.trim().toLowerCase();
  if (!PATTERNS[field].test(v)) return { error: `${field} ${JSON.stringify(raw.slice(0, 80))} is not ${PATTERNS[field].source.match(/\d+/)![0]} hex characters` };
  return { value: v };
}

const AUDIO_TEXT = /^(\d+(?:\.\d+)?):((?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/;

/** Reads an audio fingerprint's text form `<durationSeconds>:<base64 of little-endian uint32 sub-fingerprints>`. */
export function checkAudio(raw: unknown): { value?: { durationSeconds: number; fingerprint: string }; error?: string } {
  if (raw === undefined || raw === null || raw === '') return {};
  const m = typeof raw === 'string' ? AUDIO_TEXT.exec(raw.trim()) : null;
  const bytes = m ? Buffer.from(m[2]!, 'base64').length : 0;
  if (!m || !(Number(m[1]) > 0) || bytes === 0 || bytes % 4 !== 0) return { error: `audio ${JSON.stringify(String(raw).slice(0, 40))} is not <seconds>:<base64 of 32-bit sub-fingerprints>` };
  return { value: { durationSeconds: Number(m[1]), fingerprint: m[2]! } };
}

/** The text form of an audio fingerprint, as CSV and VICS carry it. */
export const formatAudio = (a: { durationSeconds: number; fingerprint: string }): string => `${a.durationSeconds}:${a.fingerprint}`;
