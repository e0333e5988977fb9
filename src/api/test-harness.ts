// Builds an in-process API over a real SQLite file for HTTP tests (app.inject).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/services.ts';
import { bootstrap } from '../services/bootstrap.service.ts';
import { FakeFaceEngine } from '../services/testing/fake-face-engine.ts';
import { loadConfig } from '../cli/config.ts';
import { openRuntime, type Runtime, type RuntimeOptions } from '../cli/runtime.ts';
import { buildApp, type ApiOptions } from './app.ts';

export interface ApiHarness {
  app: FastifyInstance;
  services: Services;
  adminToken: string;
  hostAgencyId: string;
  /** Sends a request with a bearer token and a JSON body. */
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token?: string, body?: unknown): Promise<{ status: number; json: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Builds the whole runtime over a temporary data directory (SQLite, or PostgreSQL via databaseUrl) with the fake face engine unless another is given. */
export async function apiHarness(options: Partial<ApiOptions> = {}, runtime: RuntimeOptions & { databaseUrl?: string } = {}): Promise<ApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'abg-api-'));
  const rt: Runtime = await openRuntime(loadConfig({ env: {}, flags: { dataDir: dir, databaseUrl: runtime.databaseUrl } }), { faces: new FakeFaceEngine(), logger: { warn: () => {}, info: () => {} }, ...runtime });
  const services = rt.services;
  const boot = await bootstrap(services.deps, { agencyName: 'Host Agency', adminName: 'root' });
  const app = await buildApp(services, { logger: false, ...options });
  await app.ready();
  return {
    app,
    services,
    adminToken: boot.token,
    hostAgencyId: boot.agency.id,
    async call(method, url, token, body) {
      const res = await app.inject({
        method, url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, json: res.body ? safeJson(res.body) : undefined, headers: res.headers };
    },
    async close() {
      await app.close();
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
