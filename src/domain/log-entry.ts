// What one audit log entry holds, as the domain sees it; src/audit/entry.ts checks stored entries
// against a schema of exactly this shape.
import type { Role } from './roles.ts';

/** Actions the statistics count; services may log further actions under their own names. */
export const auditActions = {
  enrollment: 'enrollment',
  searchStart: 'search.start',
  searchEnd: 'search.end',
  reviewDecision: 'review.decision',
  hitConcluded: 'hit.concluded',
  disclosureRequest: 'disclosure.request',
  disclosureDecision: 'disclosure.decision',
  verification: 'verification',
  agreementChange: 'agreement.change',
  objection: 'objection',
  erasure: 'erasure',
  login: 'login',
  tokenChange: 'token.change',
  export: 'export',
} as const;

export type LogEntry = {
  /** Entry format version. */
  v: 1;
  time: string;
  actor: { user: string; agency: string; role: Role };
  /** Dotted action name, e.g. "search.end"; see `auditActions`. */
  action: string;
  /** ok: done; denied: refused by policy; failed: attempted, not completed. */
  outcome: 'ok' | 'denied' | 'failed';
  purpose?: string | undefined;
  caseRef?: string | undefined;
  authorisationRef?: string | undefined;
  /** The galleries searched or acted on. */
  galleries?: string[] | undefined;
  /** The object acted on, by type and opaque id (a hit, a disclosure request, an agreement, …). */
  object?: { type: string; id: string } | undefined;
  /** A decision taken in this action: confirmed, rejected, inconclusive, approved, denied, … */
  decision?: string | undefined;
  /** Result counts, overall and per gallery (e.g. candidates, potentialHits), and opaque result ids. */
  result?: { counts?: Record<string, number> | undefined; byGallery?: Record<string, Record<string, number>> | undefined; ids?: string[] | undefined } | undefined;
  /**
   * The reviewers of a hit and what each decided; belowThreshold: a match acknowledged below the
   * gallery's threshold; tieBreak: the third examiner's decision that settled a split.
   */
  reviews?: { reviewer: string; decision: string; belowThreshold?: true | undefined; tieBreak?: true | undefined }[] | undefined;
  /** Agencies that receive data in a disclosure. */
  recipients?: string[] | undefined;
  /** Keyed commitments (hex HMAC-SHA-256) of the probes; never the probes themselves. */
  probes?: string[] | undefined;
  /** Why an action was denied or failed: an error code. */
  reason?: string | undefined;
  /** The names of the fields an action changed (e.g. a sample's provenance); never their values. */
  fields?: string[] | undefined;
};

/** What callers supply: the log sets version and (unless given) time. */
export type LogEntryInput = Omit<LogEntry, 'v' | 'time'> & { time?: string };

/** The counts the statistics give per agency × gallery × purpose × period. */
export const statisticColumns = [
  'searches', 'candidates', 'potentialHits', 'confirmedHits', 'disclosuresApproved', 'disclosuresDenied', 'verifications', 'erasures', 'refusals',
] as const;
export type StatisticColumn = (typeof statisticColumns)[number];
