// JSON carried in a text field (a multipart form field, a manifest file), validated by a schema.
import type { z } from 'zod';
import { fail } from '../domain/errors.ts';

/** Parses `text` as JSON and validates it; either failure is ABG_ERR_VALIDATION naming `field`. */
export function parseJson<T extends z.ZodTypeAny>(schema: T, text: string, field: string): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail('ABG_ERR_VALIDATION', `${field} is not valid JSON.`);
  }
  const r = schema.safeParse(value);
  if (!r.success) fail('ABG_ERR_VALIDATION', `${field}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}
