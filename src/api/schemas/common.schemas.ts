import { z } from 'zod';

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable error code from the registry, e.g. ABG_ERR_FORBIDDEN'),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string(),
    }),
  })
  .describe('Error');

/** Standard error responses added to every authenticated route. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  413: errorBody,
  429: errorBody,
} as const;

export const idParam = z.object({ id: z.string().min(1).max(100) });
export const isoTime = z.string().describe('ISO 8601 time in UTC');

/** The first fields of every record an agency owns: its id and the owning agency's id. */
export const agencyRecord = { id: z.string(), agencyId: z.string() };
export const bearer = [{ bearerAuth: [] }];

/**
 * The schema of an authenticated multipart/form-data upload: bearer security, the multipart
 * content type, and the standard error responses beside the route's own.
 */
export function uploadSchema<const S extends { response: Record<number, z.ZodType> }>(schema: S) {
  return { ...schema, security: bearer, consumes: ['multipart/form-data'], response: { ...schema.response, ...errorResponses } };
}

/**
 * A boolean query flag: `true`/`1` or `false`/`0`. (z.coerce.boolean would read the string
 * "false" as true, since any non-empty string is truthy.)
 */
export const queryFlag = z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1');
