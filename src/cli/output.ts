// How commands print: results on stdout, errors on stderr with their code, exit code 1.
import { AbgError, fail, isAbgError } from '../domain/errors.ts';
import { fileError } from './files.ts';
import { requestIdOf } from './client/remote-error.ts';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** The value at a dotted path of a command's answer (`token`, `galleries.0.candidates.0.hitId`): strings as they are, anything else as JSON. */
export function printField(value: unknown, path: string): void {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !(key in at)) fail('ABG_ERR_VALIDATION', `The answer has no field "${path}" ("${key}" is missing); print it whole with --json to see its fields.`);
    at = (at as Record<string, unknown>)[key];
  }
  process.stdout.write(`${typeof at === 'string' ? at : JSON.stringify(at)}\n`);
}

export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(',') : v === null || v === undefined ? '' : typeof v === 'number' ? roundForTable(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${line(columns)}\n${rows.map((r) => line(columns.map((c) => cell(r[c])))).join('\n')}\n`);
}

/** A number as a table shows it: integers whole, scores to three decimals, small rates (FMRs) with three significant digits. */
export function roundForTable(v: number): string {
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  if (Math.abs(v) < 0.01) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toFixed(3)));
}

/** Runs a command action and turns errors into one readable line (or JSON with --json). */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      const err = isAbgError(e) ? e : fileError(e) ?? new AbgError('ABG_ERR_INTERNAL', e instanceof Error ? e.message : String(e));
      const requestId = requestIdOf(err);
      const json = process.argv.includes('--json');
      if (json) process.stderr.write(`${JSON.stringify({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}), ...(requestId ? { requestId } : {}) } })}\n`);
      else process.stderr.write(`error ${err.code}: ${err.message}${requestId ? ` (request ${requestId})` : ''}\n`);
      process.exitCode = 1;
    }
  };
}
