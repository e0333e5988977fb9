// A coded error the server answered, with the id of the request it was logged under.
import { AbgError, type ErrorCode } from '../../domain/errors.ts';

/** The server's error as it sent it: its code (one this CLI may not know yet), its message word for word, its details and request id. */
export class RemoteError extends AbgError {
  constructor(code: string, message: string, readonly requestId: string | undefined, readonly httpStatus: number, details?: Record<string, unknown>) {
    super('ABG_ERR_INTERNAL', undefined, details);
    Object.defineProperty(this, 'code', { value: code as ErrorCode });
    this.message = message;
  }

  override get status(): number {
    return this.httpStatus;
  }
}

/** The request id an error carries, if it came from the server. */
export const requestIdOf = (e: unknown): string | undefined => (e instanceof RemoteError ? e.requestId : undefined);
