// Maps every error to the registry's code, status and message; nothing else invents responses.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AbgError, errorRegistry, type ErrorCode } from '../domain/errors.ts';
import { mapMultipartError } from './multipart.ts';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'ABG_ERR_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ABG_ERR_MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ABG_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ABG_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ABG_ERR_VALIDATION',
  FST_ERR_VALIDATION: 'ABG_ERR_VALIDATION',
  FST_ERR_BAD_URL: 'ABG_ERR_MALFORMED_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'ABG_ERR_MALFORMED_URL',
};

const multipartCodes = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PROTO_VIOLATION', 'FST_MP_PREMATURE_CLOSE', 'FST_INVALID_MULTIPART_CONTENT_TYPE']);

export function errorPayload(code: ErrorCode, message: string, requestId: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}), requestId } };
}

export function toAbgError(err: unknown): AbgError {
  if (err instanceof AbgError) return err;
  const e = err as FastifyError & { validation?: unknown };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const issues = e.validation.map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid' }));
    return new AbgError('ABG_ERR_VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues, in: e.validationContext });
  }
  const mapped = e?.code ? fastifyCodes[e.code] : undefined;
  if (mapped) return new AbgError(mapped);
  if (e?.code && multipartCodes.has(e.code)) return mapMultipartError(e);
  if (e instanceof SyntaxError && (e as { statusCode?: number }).statusCode === 400) return new AbgError('ABG_ERR_MALFORMED_JSON');
  if (e?.statusCode === 413) return new AbgError('ABG_ERR_BODY_TOO_LARGE');
  if (e?.statusCode === 415) return new AbgError('ABG_ERR_UNSUPPORTED_MEDIA_TYPE');
  if (e?.statusCode === 408) return new AbgError('ABG_ERR_REQUEST_TIMEOUT');
  return new AbgError('ABG_ERR_INTERNAL');
}

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const abg = toAbgError(err);
  if (abg.code === 'ABG_ERR_INTERNAL' || isResponseSerializationError(err)) request.log.error({ err }, 'unhandled error');
  else request.log.info({ code: abg.code }, 'request refused');
  const retryAfter = abg.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && !request.raw.complete) {
    // Fastify asks to close at once when a body parser fails; lingering is what lets the client read the answer.
    void reply.removeHeader('connection');
    lingerThenClose(request.raw);
  }
  return reply.status(errorRegistry[abg.code].status).send(errorPayload(abg.code, abg.message, request.id, abg.details));
}

/** How long a refused upload's remaining body is read and discarded before its connection is cut. */
const LINGER_MS = 5000;

/**
 * A refused upload is not read to its end. Closing the socket at once would make the peer's
 * pending writes reset the connection before it reads the answer, so the rest is discarded for a
 * moment (the answer goes out first) and the connection is cut only if the body is still coming.
 */
function lingerThenClose(raw: FastifyRequest['raw']): void {
  // In-process requests (inject) have no real socket to cut.
  const timer = setTimeout(() => { if (!raw.complete && typeof raw.socket?.destroy === 'function') raw.socket.destroy(); }, LINGER_MS);
  timer.unref();
  raw.once('end', () => clearTimeout(timer));
  raw.resume();
}

type ConnectionError = Error & { code?: string };

/** Errors Node raises before Fastify sees a request (timeouts, unparsable HTTP, huge headers), answered in the registry's shape. */
export function clientErrorHandler(err: ConnectionError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'ABG_ERR_REQUEST_TIMEOUT' : err.code === 'HPE_HEADER_OVERFLOW' ? 'ABG_ERR_HEADERS_TOO_LARGE' : 'ABG_ERR_VALIDATION';
  const detail = code === 'ABG_ERR_VALIDATION' ? 'The HTTP request cannot be parsed.' : undefined;
  refuseOnSocket(socket, new AbgError(code, detail), randomUUID());
}

/**
 * Answers a request that never reached a handler (or whose body stalled) on its socket and
 * closes the connection: through the in-flight response where there is one, else raw HTTP.
 */
export function refuseOnSocket(socket: Socket, abg: AbgError, requestId: string): void {
  const status = errorRegistry[abg.code].status;
  const body = JSON.stringify(errorPayload(abg.code, abg.message, requestId, abg.details));
  const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close', 'x-request-id': requestId };
  if (res && !res.headersSent) {
    res.writeHead(status, headers);
    res.end(body);
  } else if (!res && socket.writable) {
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
  }
  // The peer has its answer; a peer that keeps the connection open regardless is cut off.
  setTimeout(() => socket.destroy(), 1000).unref();
}
