// Serves the built workbench (web/dist) at / with a fallback to index.html for client-side
// routes. Never answers for the API's own paths, and says how to build the UI when it is missing.
import { existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

export interface WebUiOptions {
  /** The Vite build output; defaults to web/dist of this checkout. */
  distDir?: string;
}

/** Paths that belong to the API; the UI never shadows them. */
export const apiPrefixes = ['/v1', '/docs', '/openapi.json', '/health', '/ready'] as const;

const defaultDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

// The bundle needs no inline script or style; images may come from the API as blob: URLs.
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function isApiPath(path: string): boolean {
  return apiPrefixes.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

export async function webUi(app: FastifyInstance, options: WebUiOptions = {}) {
  const dist = resolve(options.distDir ?? defaultDist);
  await app.register(fastifyStatic, { root: dist, serve: false });

  const sendIndex = (reply: FastifyReply) => {
    if (!existsSync(resolve(dist, 'index.html'))) return reply.status(503).type('text/html; charset=utf-8').headers(securityHeaders).send(notBuiltPage);
    return reply.headers(securityHeaders).header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split('?')[0];
    if (isApiPath(path)) return reply.callNotFound();
    let rel: string;
    try {
      rel = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return reply.callNotFound();
    }
    const full = resolve(dist, rel);
    if (rel !== '' && full.startsWith(dist + sep) && existsSync(full) && statSync(full).isFile()) {
      // Vite puts content hashes into the names under assets/, so they never change.
      const immutable = rel.startsWith('assets/');
      return reply.headers(securityHeaders).header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(rel, { cacheControl: false });
    }
    // A missing file (it has an extension) is a 404; any other path is a client-side route.
    if (extname(rel) !== '') return reply.callNotFound();
    return sendIndex(reply);
  });
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Abgleich: web UI not built</title></head>
<body>
<h1>The web UI is not built</h1>
<p>This server runs, but the workbench has not been built in this checkout.
Build it with <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it when missing) and reload this page.</p>
<p>The API works without it: documentation at <a href="/docs">/docs</a>, the OpenAPI document at <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
`;
