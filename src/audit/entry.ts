// What one log entry holds: the facts LED Art. 25, AI Act Art. 12(3) and SIS Art. 12 ask a log
// to keep, and nothing from which a face could be rebuilt. Probes appear only as keyed
// commitments (HMAC-SHA-256 under a secret kept outside the log; see Envelope.commit).
import { z } from 'zod';
import type { LogEntry } from '../domain/log-entry.ts';
import { roles } from '../domain/roles.ts';

export { auditActions, type LogEntry, type LogEntryInput } from '../domain/log-entry.ts';

const id = z.string().min(1).max(200);
const text = z.string().max(1000);
const count = z.number().int().nonnegative();
// A full ISO 8601 UTC time as Date.prototype.toISOString writes it, so times sort as text.
const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO 8601 UTC time like 2026-01-31T12:00:00.000Z');

export const logEntrySchema = z.strictObject({
  /** Entry format version. */
  v: z.literal(1),
  time: isoTime,
  actor: z.strictObject({ user: id, agency: id, role: z.enum(roles) }),
  /** Dotted action name, e.g. "search.end"; see `auditActions`. */
  action: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/),
  /** ok: done; denied: refused by policy; failed: attempted, not completed. */
  outcome: z.enum(['ok', 'denied', 'failed']),
  purpose: text.optional(),
  caseRef: text.optional(),
  authorisationRef: text.optional(),
  /** The galleries searched or acted on. */
  galleries: z.array(id).max(1000).optional(),
  /** The object acted on, by type and opaque id (a hit, a disclosure request, an agreement, …). */
  object: z.strictObject({ type: id, id }).optional(),
  /** A decision taken in this action: confirmed, rejected, inconclusive, approved, denied, … */
  decision: id.optional(),
  /** Result counts, overall and per gallery (e.g. candidates, potentialHits), and opaque result ids. */
  result: z
    .strictObject({
      counts: z.record(id, count).optional(),
      byGallery: z.record(id, z.record(id, count)).optional(),
      ids: z.array(id).max(10000).optional(),
    })
    .optional(),
  /**
   * The reviewers of a hit and what each decided; belowThreshold: a match acknowledged below the
   * gallery's threshold; tieBreak: the third examiner's decision that settled a split.
   */
  reviews: z.array(z.strictObject({ reviewer: id, decision: id, belowThreshold: z.literal(true).optional(), tieBreak: z.literal(true).optional() })).max(100).optional(),
  /** Agencies that receive data in a disclosure. */
  recipients: z.array(id).max(100).optional(),
  /** Keyed commitments (hex HMAC-SHA-256) of the probes; never the probes themselves. */
  probes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(100).optional(),
  /** Why an action was denied or failed: an error code. */
  reason: z.string().regex(/^ABG_ERR_[A-Z0-9_]+$/).optional(),
  /** The names of the fields an action changed (e.g. a sample's provenance); never their values. */
  fields: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/)).max(50).optional(),
});

// The schema and the domain's LogEntry describe the same shape; the compiler checks both ways.
type Parsed = z.infer<typeof logEntrySchema>;
const sameShape: [Parsed extends LogEntry ? true : false, LogEntry extends Parsed ? true : false] = [true, true];
void sameShape;
