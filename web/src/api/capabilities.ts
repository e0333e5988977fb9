// Which routes this server offers, read from its OpenAPI document (public, no token needed).
import { toApiError, errorFromResponse } from './errors.ts';

export interface Capabilities {
  version: string;
  /** Path templates with their methods, e.g. "GET /v1/galleries/{id}". */
  operations: Set<string>;
}

interface OpenApiDoc {
  info?: { version?: string };
  paths?: Record<string, Record<string, unknown>>;
}

export async function loadCapabilities(): Promise<Capabilities> {
  let res: Response;
  try {
    res = await fetch('/openapi.json', { headers: { accept: 'application/json' } });
  } catch (e) {
    throw toApiError(e);
  }
  const doc = (await res.json().catch(() => undefined)) as OpenApiDoc | undefined;
  if (!res.ok || !doc?.paths) throw errorFromResponse(res.status, doc);
  return capabilitiesOf(doc);
}

export function capabilitiesOf(doc: OpenApiDoc): Capabilities {
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(item)) if (method !== 'parameters') operations.add(`${method.toUpperCase()} ${path}`);
  }
  return { version: doc.info?.version ?? '?', operations };
}

/** True when any operation matches one of the patterns (tested against "METHOD /path"). */
export function offers(c: Capabilities, patterns: readonly RegExp[]): boolean {
  for (const op of c.operations) if (patterns.some((p) => p.test(op))) return true;
  return false;
}
