// The typed client over the public API. Types come from schema.d.ts (npm run gen:api).
import createClient from 'openapi-fetch';
import type { paths } from './schema.d.ts';
import { errorFromResponse, toApiError } from './errors.ts';

let currentToken: string | null = null;

/** Sets the bearer token sent with every request (null: none). */
export function setToken(token: string | null) {
  currentToken = token;
}

export const api = createClient<paths>({ baseUrl: window.location.origin });

api.use({
  onRequest({ request }) {
    if (currentToken) request.headers.set('authorization', `Bearer ${currentToken}`);
    return request;
  },
});

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError a person can read. */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await pending;
  } catch (e) {
    throw toApiError(e);
  }
  if (!r.response.ok || r.error !== undefined) throw errorFromResponse(r.response.status, r.error);
  return r.data as T;
}

/** FormData for the multipart routes (their bodies are described in prose, not as a schema). */
export function asForm(fields: Record<string, string | undefined>, files: [field: string, file: File][]): { body: never; bodySerializer: (b: unknown) => FormData } {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, v);
  for (const [field, file] of files) form.append(field, file, file.name);
  return { body: form as never, bodySerializer: (b) => b as FormData };
}
