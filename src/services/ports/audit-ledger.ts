// What the audit use cases need from the log beyond appending in a transaction: its key,
// checkpoints, proofs, filtered pages, statistics, the export and retention. src/audit implements it.
import type { LogEntry, LogEntryInput, StatisticColumn } from '../../domain/log-entry.ts';

export interface SignedCheckpoint {
  readonly size: number;
  readonly time: string;
  /** The signed checkpoint note. */
  readonly note: string;
}

export interface InclusionAnswer {
  index: number;
  size: number;
  leafHash: string;
  rootHash: string;
  path: string[];
}

export interface ConsistencyAnswer {
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  path: string[];
}

export interface LogFilter {
  /** An action name, or a prefix ending in "." (e.g. "search."). */
  action?: string;
  /** The acting user's id. */
  actor?: string;
  /** The acting user's agency id. */
  agency?: string;
  /** ISO date or time; entries at or after it. */
  from?: string;
  /** ISO date or time; entries before it. */
  to?: string;
  /**
   * An owner's view: the entries of `agency`, and those of other agencies that name one of
   * `galleries` (the owner's), shown without their probe commitments.
   */
  scope?: OwnerScope;
}

/** An agency's own entries and other agencies' entries about its galleries. */
export interface OwnerScope {
  agency: string;
  galleries: readonly string[];
}

export interface LogPage {
  /** The log's size when it was read: proofs against a checkpoint of at least this size cover every entry listed. */
  size: number;
  /** How many entries match the filter. */
  total: number;
  entries: { index: number; time: string; payload: string; entry: LogEntry; redacted?: string[] }[];
}

export interface StatisticsQuery {
  /** Only entries whose acting agency is one of these (an auditor's scope); all when absent. */
  agencies?: readonly string[];
  /** With `agencies`: other agencies' entries count too, for these galleries only (the owner's view). */
  galleries?: readonly string[];
  /** Inclusive lower and exclusive upper bound on the entry time (ISO 8601). */
  from?: string;
  to?: string;
  by?: 'year' | 'month';
}

export type StatisticsRow = { agency: string; gallery: string; purpose: string; period: string } & Record<StatisticColumn, number>;

/** Refused and failed actions by agency × gallery × action × outcome × reason × period. */
export interface RefusalRow {
  agency: string;
  gallery: string;
  action: string;
  outcome: 'denied' | 'failed';
  reason: string;
  period: string;
  count: number;
}

/** Circulated notices of one agency in one year, counted from the log (src/audit/notice-statistics.ts). */
export interface NoticeCountRow {
  agency: string;
  year: string;
  issued: number;
  received: number;
  accepted: number;
  declined: number;
  answered: number;
  hit: number;
  disclosed: number;
}

export interface NoticeCountsQuery {
  /** Only these agencies' rows; all when absent. */
  agencies?: string[];
  from?: string;
  to?: string;
}

/** One statistics counter: a period of one grain and the entry fields it counts by. */
export interface StatisticsCounterKey {
  grain: 'year' | 'month' | 'day' | 'hour';
  /** YYYY (year), YYYY-MM (month), YYYY-MM-DD (day) or YYYY-MM-DDTHH (hour), UTC. */
  period: string;
  agency: string;
  gallery: string;
  purpose: string;
  action: string;
  outcome: string;
  /** The entry's decision, '' when none. */
  decision: string;
  /** The entry's error code, '' when none. */
  reason: string;
  /** `entries`, `gallery.<name>` for the sum of the entries' per-gallery result counts, or `column.<name>` for one statistics column (action, outcome, decision and reason empty). */
  metric: string;
}

/** A recount of the statistics counters from the log entries, compared with the stored counters. */
export interface StatisticsCheck {
  ok: boolean;
  /** Entries recounted, and those whose payload retention removed (their periods cannot be recounted). */
  entries: number;
  redacted: number;
  /** Counters compared. */
  counters: number;
  /** Periods (years, months and days) left out of the comparison because retention removed payloads in them. */
  skippedPeriods: string[];
  differences: Array<{ counter: StatisticsCounterKey; stored: number; recounted: number }>;
  /** Differences beyond those listed are counted here. */
  moreDifferences: number;
}

export interface AuditLedger {
  /** The checkpoint origin line. */
  readonly origin: string;
  /** The base64 verifier key of the checkpoints. */
  readonly publicKey: string;
  size(): Promise<number>;
  latestCheckpoint(): Promise<SignedCheckpoint | undefined>;
  /** Signs a checkpoint of the current size. */
  checkpoint(): Promise<SignedCheckpoint>;
  inclusion(index: number, size?: number): Promise<InclusionAnswer>;
  consistency(from: number, to?: number): Promise<ConsistencyAnswer>;
  /** Entries matching the filter, newest first. */
  query(filter: LogFilter, page: { limit: number; offset: number }): Promise<LogPage>;
  statistics(query: StatisticsQuery): Promise<StatisticsRow[]>;
  /** The refusals behind the statistics' `refusals` column, broken down by action and reason. */
  refusals(query: StatisticsQuery): Promise<RefusalRow[]>;
  /** Circulated notices per agency and year: issued, received, accepted, declined, answered, hit, disclosed. */
  noticeCounts(query: NoticeCountsQuery): Promise<NoticeCountRow[]>;
  /** Recounts the statistics counters from the log entries and reports every difference. */
  verifyStatistics(): Promise<StatisticsCheck>;
  /** The export as lines (JSON Lines), written as of `now`. */
  export(now: Date): AsyncGenerator<string>;
  /** Appends an entry outside any other transaction. */
  append(entry: LogEntryInput): Promise<{ index: number }>;
  /** Appends the signed retention statement by `by`, then removes payloads older than `retentionDays`; returns how many. */
  applyRetention(retentionDays: number, by?: LogEntryInput['actor']): Promise<number>;
  /** Stores a witness's cosignatures on one of the log's checkpoints; returns the checkpoint with all cosignatures held for it. */
  addCosignatures(note: string, witnessKey: string): Promise<SignedCheckpoint>;
}
