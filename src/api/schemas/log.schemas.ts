import { z } from 'zod';
import { statisticColumns } from '../../audit/statistics.ts';

const b64 = z.string().describe('base64');
const size = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const publicKeySchema = z.object({
  origin: z.string().describe('The checkpoint origin line'),
  publicKey: z.string().describe('Verifier key <name>+<key id>+<base64(0x01 || Ed25519 public key)> (c2sp.org/signed-note)'),
});

export const cosignaturesBody = z.object({
  note: z.string().min(1).max(20_000).describe("A checkpoint of this log (c2sp.org/tlog-checkpoint) with the witness's cosignature lines appended (c2sp.org/tlog-cosignature)"),
  witnessKey: z.string().min(1).max(500).describe('The witness verifier key <name>+<key id>+<base64(0x04 || Ed25519 public key)>'),
});

export const checkpointSchema = z.object({
  size: z.number().int(),
  time: z.string(),
  note: z.string().describe('Signed checkpoint (c2sp.org/tlog-checkpoint as a c2sp.org/signed-note)'),
});

export const proofParams = z.object({ i: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export const proofQuery = z.object({ size: size.optional().describe('Tree size; default: the current size') });
export const inclusionSchema = z.object({ index: z.number().int(), size: z.number().int(), leafHash: b64, rootHash: b64, path: z.array(b64).describe('RFC 9162 §2.1.3 inclusion path') });

export const consistencyQuery = z.object({ from: size, to: size.optional().describe('default: the current size') });
export const consistencySchema = z.object({ from: z.number().int(), to: z.number().int(), fromRoot: b64, toRoot: b64, path: z.array(b64).describe('RFC 9162 §2.1.4 consistency path') });

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'an ISO 8601 date or UTC time');
export const statisticsQuery = z.object({
  agency: z.string().min(1).max(200).optional().describe('Agency id; default your own; "*" for every agency (host-agency auditors)'),
  by: z.enum(['year', 'month']).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  format: z.enum(['json', 'csv']).optional(),
  view: z.enum(['counts', 'refusals']).optional().describe('counts (default): the statistics rows; refusals: refused and failed actions by action, outcome and error code'),
});
export const statisticsRowSchema = z.object({
  agency: z.string(), gallery: z.string(), purpose: z.string(), period: z.string(),
  ...Object.fromEntries(statisticColumns.map((c) => [c, z.number().int()])),
});

export const refusalRowSchema = z.object({
  agency: z.string(), gallery: z.string(), action: z.string(), outcome: z.enum(['denied', 'failed']), reason: z.string().describe('The error code'), period: z.string(), count: z.number().int(),
});

export const statisticsCheckSchema = z.object({
  ok: z.boolean().describe('True when every counter equals the recount'),
  entries: z.number().int().describe('Entries recounted'),
  redacted: z.number().int().describe('Entries whose payload retention removed; their periods cannot be recounted'),
  counters: z.number().int().describe('Counters compared'),
  skippedPeriods: z.array(z.string()).describe('Years, months, days and hours left out because retention removed payloads in them'),
  differences: z.array(z.object({
    counter: z.object({
      grain: z.enum(['year', 'month', 'day', 'hour']), period: z.string(), agency: z.string(), gallery: z.string(), purpose: z.string(),
      action: z.string(), outcome: z.string(), decision: z.string(), reason: z.string(), metric: z.string(),
    }),
    stored: z.number().int(),
    recounted: z.number().int(),
  })),
  moreDifferences: z.number().int(),
});

export const logEntriesQuery = z.object({
  action: z.string().min(1).max(100).optional().describe('An action, or a prefix ending in "." such as "search."'),
  actor: z.string().min(1).max(200).optional().describe('The acting user id'),
  agency: z.string().min(1).max(200).optional().describe('The acting agency id; default your own; "*" for every agency (host-agency auditors; their default)'),
  from: isoTime.optional(),
  to: isoTime.optional().describe('exclusive'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const logEntriesSchema = z.object({
  size: z.number().int().describe('The log size when read'),
  total: z.number().int().describe('Entries matching the filter'),
  entries: z.array(z.object({
    index: z.number().int(),
    time: z.string(),
    payload: z.string().describe('The entry exactly as hashed into its leaf (canonical JSON); RFC 9162 leaf hash = SHA-256(0x00 || payload)'),
    entry: z.record(z.string(), z.unknown()),
    redacted: z.array(z.string()).optional().describe("Fields left out of another agency's entry about your galleries (probes); the payload then is not the leaf, whose hash the proof route gives"),
  })),
});

export const retentionBody = z.object({ days: z.number().int().min(1).max(36500).describe('Entries older than this many days lose their payload; their hashes stay') });
export const retentionAnswer = z.object({ removed: z.number().int().describe('Entries whose payload was removed now') });
