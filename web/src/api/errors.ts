// Every failure the UI can meet, reduced to what a person can read: a code and a message.

/** Codes the UI itself assigns when no server answer carries one. */
export const uiCodes = { network: 'ABG_UI_NETWORK', badResponse: 'ABG_UI_BAD_RESPONSE', crash: 'ABG_UI_CRASH' } as const;

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the token no longer works: the session must end. */
  get endsSession(): boolean {
    return this.status === 401;
  }

  /** The validation issues the server listed, if any. */
  get issues(): { path: string; message: string }[] {
    const issues = this.details?.issues;
    return Array.isArray(issues) ? issues.filter((i): i is { path: string; message: string } => typeof i?.path === 'string' && typeof i?.message === 'string') : [];
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown };
}

/** Builds an ApiError from an HTTP status and whatever body came back. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const e = (body as ErrorBody | undefined)?.error;
  if (e && typeof e.code === 'string') {
    return new ApiError(
      e.code,
      typeof e.message === 'string' ? e.message : '',
      status,
      typeof e.requestId === 'string' ? e.requestId : undefined,
      e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined,
    );
  }
  return new ApiError(uiCodes.badResponse, `HTTP ${status}`, status);
}

/** Anything thrown becomes an ApiError; a failed fetch is a network error. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof TypeError || (e instanceof DOMException && e.name !== 'AbortError')) return new ApiError(uiCodes.network, e.message, 0);
  return new ApiError(uiCodes.crash, e instanceof Error ? e.message : String(e), 0);
}
