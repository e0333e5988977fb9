// Reads a multipart/form-data request: files into memory (bounded by the per-file limit) and
// text fields, with limit violations turned into coded errors.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AbgError, fail } from '../domain/errors.ts';

export interface UploadedFile {
  field: string;
  fileName: string;
  mimeType: string;
  data: Uint8Array;
}

export interface MultipartBody {
  files: UploadedFile[];
  fields: Record<string, string[]>;
}

export async function readMultipart(req: FastifyRequest): Promise<MultipartBody> {
  if (!req.isMultipart()) fail('ABG_ERR_UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with the image file(s).');
  const files: UploadedFile[] = [];
  const fields: Record<string, string[]> = {};
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        files.push({ field: part.fieldname, fileName: part.filename || `${part.fieldname}-${files.length + 1}`, mimeType: part.mimetype, data: new Uint8Array(data) });
      } else {
        (fields[part.fieldname] ??= []).push(String(part.value));
      }
    }
  } catch (e) {
    throw mapMultipartError(e);
  }
  return { files, fields };
}

function mapMultipartError(e: unknown): unknown {
  if (e instanceof AbgError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AbgError('ABG_ERR_IMAGE_TOO_LARGE', 'A file exceeds the upload limit.');
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new AbgError('ABG_ERR_VALIDATION', 'Too many files or fields in one request.');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AbgError('ABG_ERR_UNSUPPORTED_MEDIA_TYPE');
  if (code === 'FST_PROTO_VIOLATION' || code === 'FST_MULTIPART_INVALID_FORMAT') return new AbgError('ABG_ERR_VALIDATION', 'The multipart body is malformed.');
  return e;
}

/** Validates the text fields (first value of each, arrays for repeated or comma-separated list fields). */
export function parseFields<T extends z.ZodTypeAny>(schema: T, fields: Record<string, string[]>, listFields: string[] = []): z.infer<T> {
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    flat[k] = listFields.includes(k) ? v.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean) : v[0];
  }
  const r = schema.safeParse(flat);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message }));
    fail('ABG_ERR_VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues, in: 'body' });
  }
  return r.data;
}

/** Exactly one file, e.g. a probe. */
export function singleFile(body: MultipartBody, field: string): UploadedFile {
  const f = body.files.filter((x) => x.field === field);
  if (f.length !== 1) fail('ABG_ERR_VALIDATION', `Send exactly one file in the "${field}" field.`);
  return f[0]!;
}
