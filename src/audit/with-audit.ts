// "Log before answer": an action's result leaves the service only after the entry describing it
// is in the log. Services wrap their use cases in `withAudit`.
import { isAbgError } from '../domain/errors.ts';
import type { Appended } from './audit-log.ts';
import type { LogEntryInput } from './entry.ts';

export interface AuditAppender {
  append(entry: LogEntryInput): Promise<Appended>;
}

export interface Audited<T> {
  value: T;
  /** The log index of the entry that records this action; answers carry it. */
  logIndex: number;
}

/**
 * Runs `action`, appends the entry `describe` makes of its result, then returns the result with
 * the entry's index. If the append fails, the result is dropped and ABG_ERR_AUDIT_UNAVAILABLE
 * is thrown. If the action fails, `describeFailure` may log the attempt (a refused search is
 * logged too); the action's own error is then rethrown.
 */
export async function withAudit<T>(
  log: AuditAppender,
  action: () => Promise<T>,
  describe: (value: T) => LogEntryInput,
  describeFailure?: (error: unknown) => LogEntryInput | undefined,
): Promise<Audited<T>> {
  let value: T;
  try {
    value = await action();
  } catch (error) {
    const entry = describeFailure?.(error);
    if (entry) await log.append(entry).catch(() => undefined);
    throw error;
  }
  const { index } = await log.append(describe(value));
  return { value, logIndex: index };
}

/** The outcome and reason an entry records for a failed action: denied for refusals by policy, failed otherwise. */
export function failureOutcome(error: unknown): Pick<LogEntryInput, 'outcome' | 'reason'> {
  if (isAbgError(error)) return { outcome: error.code === 'ABG_ERR_FORBIDDEN' ? 'denied' : 'failed', reason: error.code };
  return { outcome: 'failed', reason: 'ABG_ERR_INTERNAL' };
}
