// Failures while reading media become coded errors, so one bad file never ends a run.
import { isAbgError } from '../domain/errors.ts';

/** The error's code and message; anything uncoded is ABG_ERR_INTERNAL with a short message. */
export function codedError(e: unknown): { code: string; message: string } {
  if (isAbgError(e)) return { code: e.code, message: e.message };
  return { code: 'ABG_ERR_INTERNAL', message: e instanceof Error ? e.message.slice(0, 200) : String(e) };
}
