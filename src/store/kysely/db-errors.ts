// Maps driver errors to registry errors: unique and foreign-key violations become conflicts, a
// database file locked by another process becomes ABG_ERR_BUSY.
import { AbgError } from '../../domain/errors.ts';
import { busyError, isSqliteBusy } from './sqlite-busy.ts';

export function mapDbError(e: unknown): unknown {
  if (e instanceof AbgError) return e;
  const err = e as { code?: string; message?: string };
  if (err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AbgError('ABG_ERR_CONFLICT', undefined, { constraint: 'unique' });
  }
  if (err.code === '23503' || err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AbgError('ABG_ERR_CONFLICT', 'A referenced object does not exist or is still referenced.', { constraint: 'foreign-key' });
  }
  if (isSqliteBusy(e)) return busyError(0);
  return e;
}

/** Runs a write and maps constraint violations to coded errors. */
export async function mapped<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw mapDbError(e);
  }
}
