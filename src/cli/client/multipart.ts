// Request bodies for the multipart routes: fields and files as the server's multipart parser reads them.
import { basename } from 'node:path';

export interface UploadFile { field: string; name: string; bytes: Uint8Array }

/** A multipart body for an openapi-fetch call (the multipart routes describe their body in prose, not as a schema). */
export function asForm(fields: Record<string, string | number | boolean | undefined>, files: UploadFile[]): { body: never; bodySerializer: (b: unknown) => FormData } {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, String(v));
  for (const f of files) form.append(f.field, new Blob([f.bytes]), basename(f.name));
  return { body: form as never, bodySerializer: (b) => b as FormData };
}
