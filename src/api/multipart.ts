// Reads a multipart/form-data request: files into memory and text fields, with every limit
// enforced while the body streams in (per file, in total, files and fields per request, files
// per route) and every parser or limit failure turned into a coded error.
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

export interface UploadLimits {
  /** Largest file, in bytes. */
  fileBytes: number;
  /** Largest multipart body (files and fields together), in bytes. */
  totalBytes: number;
  /** Most files and most text fields in one request. */
  files: number;
  fields: number;
  /** Largest text field, in bytes. */
  fieldBytes: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    uploadLimits: UploadLimits;
  }
}

/** Sets the upload limits every route's readMultipart enforces, and busboy's own caps. */
export function uploadLimitsPlugin(app: FastifyInstance, limits: UploadLimits): { fileSize: number; files: number; fields: number; parts: number; fieldSize: number } {
  app.decorate('uploadLimits', limits);
  return { fileSize: limits.fileBytes, files: limits.files, fields: limits.fields, parts: limits.files + limits.fields, fieldSize: limits.fieldBytes };
}

export interface ReadOptions {
  /** Refuse the request as soon as more files than this arrive (routes that take exactly one file). */
  maxFiles?: number;
}

export async function readMultipart(req: FastifyRequest, options: ReadOptions = {}): Promise<MultipartBody> {
  if (!req.isMultipart()) fail('ABG_ERR_UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data with the image file(s).');
  const limits = req.server.uploadLimits;
  const declared = Number(req.headers['content-length']);
  if (declared > limits.totalBytes) tooLarge(limits.totalBytes);
  const files: UploadedFile[] = [];
  const fields: Record<string, string[]> = {};
  let total = 0;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (options.maxFiles !== undefined && files.length >= options.maxFiles) {
          fail('ABG_ERR_TOO_MANY_PARTS', `This route takes ${options.maxFiles === 1 ? 'exactly one file' : `at most ${options.maxFiles} files`}; a further file "${part.filename}" arrived.`);
        }
        const chunks: Buffer[] = [];
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          total += chunk.length;
          if (total > limits.totalBytes) tooLarge(limits.totalBytes);
          chunks.push(chunk);
        }
        if (part.file.truncated) fail('ABG_ERR_IMAGE_TOO_LARGE', `The file "${part.filename}" exceeds the upload limit of ${limits.fileBytes} bytes.`);
        files.push({ field: part.fieldname, fileName: part.filename || `${part.fieldname}-${files.length + 1}`, mimeType: part.mimetype, data: new Uint8Array(Buffer.concat(chunks)) });
      } else {
        if (part.valueTruncated) fail('ABG_ERR_BODY_TOO_LARGE', `The field "${part.fieldname}" exceeds ${limits.fieldBytes} bytes.`);
        const value = String(part.value);
        total += value.length;
        if (total > limits.totalBytes) tooLarge(limits.totalBytes);
        (fields[part.fieldname] ??= []).push(value);
      }
    }
  } catch (e) {
    throw mapMultipartError(e);
  }
  return { files, fields };
}

function tooLarge(totalBytes: number): never {
  fail('ABG_ERR_BODY_TOO_LARGE', `The upload exceeds ${totalBytes} bytes in total.`, { maxBytes: totalBytes });
}

/** Limit and parser errors of @fastify/multipart and busboy as coded errors; a broken body is ABG_ERR_MALFORMED_MULTIPART. */
export function mapMultipartError(e: unknown): AbgError {
  if (e instanceof AbgError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AbgError('ABG_ERR_IMAGE_TOO_LARGE', 'A file exceeds the upload limit.');
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new AbgError('ABG_ERR_TOO_MANY_PARTS', 'Too many files or fields in one request.');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AbgError('ABG_ERR_UNSUPPORTED_MEDIA_TYPE');
  if (code === 'FST_PROTO_VIOLATION') return new AbgError('ABG_ERR_VALIDATION', 'A field name is not allowed.');
  const message = e instanceof Error ? e.message.slice(0, 200) : '';
  return new AbgError('ABG_ERR_MALFORMED_MULTIPART', message ? `(${message})` : undefined);
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
