// Maps every error to the registry's code, status and message; nothing else invents responses.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AbgError, errorRegistry, type ErrorCode } from '../domain/errors.ts';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'ABG_ERR_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ABG_ERR_MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ABG_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ABG_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ABG_ERR_VALIDATION',
  FST_ERR_VALIDATION: 'ABG_ERR_VALIDATION',
};

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
  if (e instanceof SyntaxError && (e as { statusCode?: number }).statusCode === 400) return new AbgError('ABG_ERR_MALFORMED_JSON');
  if (e?.statusCode === 413) return new AbgError('ABG_ERR_BODY_TOO_LARGE');
  if (e?.statusCode === 415) return new AbgError('ABG_ERR_UNSUPPORTED_MEDIA_TYPE');
  return new AbgError('ABG_ERR_INTERNAL');
}

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const abg = toAbgError(err);
  if (abg.code === 'ABG_ERR_INTERNAL' || isResponseSerializationError(err)) request.log.error({ err }, 'unhandled error');
  else request.log.info({ code: abg.code }, 'request refused');
  const retryAfter = abg.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  return reply.status(errorRegistry[abg.code].status).send(errorPayload(abg.code, abg.message, request.id, abg.details));
}
