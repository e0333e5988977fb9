// Builds an in-process API over a real SQLite file for HTTP tests (app.inject).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/services.ts';
import { bootstrap } from '../services/bootstrap.service.ts';
import { FakeFaceEngine } from './fake-face-engine.ts';
import { loadConfig, type Config } from '../app/config.ts';
import { openRuntime, type Runtime, type RuntimeOptions } from '../app/runtime.ts';
import { pgTestDatabase } from './pg-harness.ts';
import { fakeAwareReleaseMarking } from './fake-release-marking.ts';
import { buildApp, type ApiOptions } from '../api/app.ts';

export interface ApiHarness {
  app: FastifyInstance;
  runtime: Runtime;
  dataDir: string;
  services: Services;
  adminToken: string;
  hostAgencyId: string;
  /** Sends a request with a bearer token and a JSON body. */
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token?: string, body?: unknown): Promise<{ status: number; json: any; headers: Record<string, unknown> }>;
  /** Sends multipart/form-data: text fields and files ({ field, name, data }). */
  upload(url: string, token: string, fields: Record<string, string | string[]>, files: { field: string; name: string; data: Uint8Array }[]): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

export function multipartBody(fields: Record<string, string | string[]>, files: { field: string; name: string; data: Uint8Array }[]) {
  const boundary = `----abg${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v]) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${one}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.from(f.data), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Creates a user with the given roles through the API (as `adminToken`) and returns a fresh token of it. */
export async function userToken(h: Pick<ApiHarness, 'call'>, adminToken: string, name: string, roles: string[]): Promise<string> {
  const u = await h.call('POST', '/v1/users', adminToken, { name, roles });
  if (u.status !== 201) throw new Error(`creating user ${name}: ${JSON.stringify(u.json)}`);
  return (await h.call('POST', '/v1/tokens', adminToken, { userId: u.json.id, label: name })).json.token;
}

/** Has the owner-officer of `officerToken` make an agreement, asserted to succeed; returns its id. */
export async function agreementId(h: Pick<ApiHarness, 'call'>, officerToken: string, body: Record<string, unknown>): Promise<string> {
  const a = await h.call('POST', '/v1/agreements', officerToken, body);
  assert.equal(a.status, 201, JSON.stringify(a.json));
  return a.json.agreement.id;
}

/** Builds the whole runtime over a temporary data directory (SQLite, or PostgreSQL via databaseUrl) with the fake face engine (and a release marking that understands its images) unless another is given; `config` sets further configuration keys. */
export async function apiHarness(options: Partial<ApiOptions> = {}, runtime: RuntimeOptions & { dialect?: 'sqlite' | 'postgres'; config?: Partial<Config> } = {}): Promise<ApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'abg-api-'));
  const pgDb = runtime.dialect === 'postgres' ? await pgTestDatabase() : undefined;
  const rt: Runtime = await openRuntime(loadConfig({ env: {}, flags: { ...runtime.config, dataDir: dir, databaseUrl: pgDb?.url } }), { faces: new FakeFaceEngine(), marking: fakeAwareReleaseMarking, logger: { warn: () => {}, info: () => {} }, ...runtime });
  const services = rt.services;
  const boot = await bootstrap(services.deps, { agencyName: 'Host Agency', adminName: 'root' });
  const app = await buildApp(services, { logger: false, ...options });
  await app.ready();
  return {
    app,
    runtime: rt,
    dataDir: dir,
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
    async upload(url, token, fields, files) {
      const { payload, contentType } = multipartBody(fields, files);
      const res = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload });
      return { status: res.statusCode, json: res.body ? safeJson(res.body) : undefined };
    },
    async close() {
      await app.close();
      await rt.close();
      await pgDb?.drop();
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
