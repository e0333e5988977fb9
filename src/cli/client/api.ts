// The typed HTTP client the CLI talks to the server with: the openapi-fetch client over the paths
// the workbench uses (web/src/api/schema.d.ts, `npm run gen:api`), with the token attached and
// every failure turned into a coded error.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../../web/src/api/schema.d.ts';
import { AbgError, fail } from '../../domain/errors.ts';
import type { Connection } from './connection.ts';
import { RemoteError } from './remote-error.ts';

export type ApiClient = Client<paths>;

export interface Api {
  readonly server: string;
  readonly client: ApiClient;
  /** Awaits a client call: its data, or the server's coded error. */
  call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T>;
  /** A GET whose answer is text (CSV, NDJSON, a checkpoint note), as a stream of the body. */
  text(path: string, query?: Record<string, string | undefined>): Promise<Response>;
}

/** A client for `conn`; requests carry its token. */
export function connect(conn: Connection): Api {
  const fetcher = transport(conn.server);
  const client = createClient<paths>({ baseUrl: conn.server, fetch: fetcher });
  if (conn.token) {
    const token = conn.token;
    client.use({ onRequest: ({ request }) => (request.headers.set('authorization', `Bearer ${token}`), request) });
  }
  const headers = conn.token ? { authorization: `Bearer ${conn.token}` } : undefined;
  return {
    server: conn.server,
    client,
    async call(pending) {
      let r;
      try {
        r = await pending;
      } catch (e) {
        if (e instanceof AbgError) throw e;
        return fail('ABG_ERR_PROTOCOL', `${conn.server} did not answer with JSON (${e instanceof Error ? e.message : String(e)}); check that --server points to an Abgleich server.`);
      }
      if (!r.response.ok || r.error !== undefined) throw errorOf(conn.server, r.response, r.error);
      return r.data as never;
    },
    async text(path, query = {}) {
      const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
      const res = await fetcher(new Request(`${conn.server}${path}${q.size ? `?${q}` : ''}`, { headers }));
      if (!res.ok) throw errorOf(conn.server, res, await res.json().catch(() => undefined));
      return res;
    },
  };
}

/** fetch, with a refused or failed connection turned into ABG_ERR_SERVER_UNREACHABLE naming the server. */
function transport(server: string): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      return await fetch(req);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
      return fail('ABG_ERR_SERVER_UNREACHABLE', `No Abgleich server answers at ${server} (${why}). Start one with "abgleich serve", or point to yours with --server <url>, ABGLEICH_SERVER or "abgleich login --server <url>".`);
    }
  };
}

/** The server's coded error, or ABG_ERR_PROTOCOL when the answer is not an Abgleich error payload. */
function errorOf(server: string, res: Response, body: unknown): AbgError {
  const e = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown } } | undefined)?.error;
  if (e && typeof e.code === 'string' && e.code.startsWith('ABG_ERR_') && typeof e.message === 'string') {
    const details = e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined;
    return new RemoteError(e.code, e.message, typeof e.requestId === 'string' ? e.requestId : res.headers.get('x-request-id') ?? undefined, res.status, details);
  }
  return new AbgError('ABG_ERR_PROTOCOL', `${server} answered HTTP ${res.status} ${res.statusText} without an Abgleich error; check that --server points to an Abgleich server.`);
}
