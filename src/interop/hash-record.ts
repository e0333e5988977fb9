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
