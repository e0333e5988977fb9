// A coded error the server answered, with the id of the request it was logged under.
import { AbgError, type ErrorCode } from '../../domain/errors.ts';

/** The server's error as it sent it: its code, its message word for word, its details and request id. */
export class RemoteError extends AbgError {
  constructor(code: string, message: string, readonly requestId: string | undefined, details?: Record<string, unknown>) {
    super(code as ErrorCode, undefined, details);
    this.message = message;
  }
}

/** The request id an error carries, if it came from the server. */
export const requestIdOf = (e: unknown): string | undefined => (e instanceof RemoteError ? e.requestId : undefined);
