import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { openCheckpoint } from '../../audit/checkpoint.ts';
import { verifyConsistency, verifyInclusion } from '../../audit/proof-verify.ts';
import { parseVerifierKey } from '../../audit/signed-note.ts';
import { cosignatureLine, generateCosignerKey, parseCosignerKey } from '../../audit/cosignature.ts';
import { testEntry } from '../../testing/test-log.ts';
import { verifyExportLines } from '../../audit/verify-export.ts';
import { requireAuth } from '../auth.ts';
import { errorHandler } from '../error-handler.ts';
import { apiHarness } from '../../testing/api-harness.ts';
import { closing } from '../../testing/closing.ts';
import { logPublicRoutes, logRoutes } from './log.routes.ts';

const b64 = (s: string) => Buffer.from(s, 'base64');

async function setup() {
  const h = await apiHarness();
  // The runtime's own log: setting up users and tokens appends entries signed with its key.
  const log = h.runtime.auditLog;
  const audit = h.services.audit;
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  logPublicRoutes(app, audit);
  await app.register(async (v1) => {
    requireAuth(v1, h.services.auth);
    logRoutes(v1, audit);
  });
  await app.ready();
  const admin = await h.services.auth.authenticate(h.adminToken);
  const tokenFor = async (name: string, roles: ('auditor' | 'operator')[]) => {
    const u = await h.services.users.create(admin, { name, roles });
    const auditor = { ...admin, userId: u.id, roles };
    return (await h.services.tokens.issue(auditor, { label: 't' })).token;
  };
  const get = async (url: string, token?: string) => {
    const res = await app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, body: res.body, json: res.headers['content-type']?.toString().startsWith('application/json') ? JSON.parse(res.body) : undefined, type: res.headers['content-type'] };
  };
  for (let i = 0; i < 12; i++) await log.append({ ...testEntry(i), actor: { user: 'u', agency: i % 2 ? h.hostAgencyId : 'other-agency', role: 'operator' }, action: 'verification', galleries: ['g1'] });
  return { h, app, log, get, tokenFor, close: async () => { await app.close(); await h.close(); } };
}

test('log API: public key for anyone; checkpoint, proofs and consistency for auditors, verifiable independently', () => closing(setup(), async (s) => {
  const pk = await s.get('/v1/log/public-key');
  assert.equal(pk.status, 200);
  const verifier = parseVerifierKey(pk.json.publicKey);
  const auditor = await s.tokenFor('aud', ['auditor']);
  const operator = await s.tokenFor('op', ['operator']);
  assert.equal((await s.get('/v1/log/checkpoint')).status, 401);
  assert.equal((await s.get('/v1/log/checkpoint', operator)).status, 403);
  // Setting up users and tokens, and a token's first use, are logged too: the size is read, not assumed.
  await s.get('/v1/log/public-key', auditor);
  await s.get('/v1/log/entries/0/proof', auditor);
  const n = await s.log.size();
  assert.ok(n >= 12);
  const first = await s.get('/v1/log/checkpoint', auditor);
  assert.equal(first.status, 200);
  const cp5 = openCheckpoint(first.json.note, verifier)!;
  assert.equal(cp5.size, n);
  const proof = await s.get(`/v1/log/entries/7/proof?size=${n}`, auditor);
  assert.equal(proof.status, 200);
  assert.ok(verifyInclusion(7, n, b64(proof.json.leafHash), proof.json.path.map(b64), cp5.rootHash));
  await s.log.append(testEntry(99));
  const later = openCheckpoint((await s.get('/v1/log/checkpoint', auditor)).json.note, verifier)!;
  assert.equal(later.size, n + 1, 'a checkpoint is issued on demand once the log grew');
  const c = await s.get(`/v1/log/consistency?from=${n}&to=${n + 1}`, auditor);
  assert.ok(verifyConsistency(n, n + 1, cp5.rootHash, later.rootHash, c.json.path.map(b64)));
  assert.equal((await s.get('/v1/log/entries/40/proof', auditor)).status, 404);
  assert.equal((await s.get('/v1/log/consistency?from=0', auditor)).status, 400);
}));

test('log API: statistics in the auditor scope as JSON and CSV; the export verifies and is itself logged', () => closing(setup(), async (s) => {
  const auditor = await s.tokenFor('aud', ['auditor']);
  const own = await s.get('/v1/log/statistics', auditor);
  assert.equal(own.status, 200);
  assert.deepEqual(own.json.rows.map((r: { agency: string; verifications: number }) => [r.agency, r.verifications]), [[s.h.hostAgencyId, 6]]);
  const all = await s.get('/v1/log/statistics?agency=*&format=csv', auditor);
  assert.match(all.type!.toString(), /^text\/csv/);
  assert.equal(all.body.trim().split('\r\n').length, 3);
  const before = await s.log.size();
  const exp = await s.get('/v1/log/export', auditor);
  assert.equal(exp.status, 200);
  const all_ = exp.body.trim().split('\n');
  // The statistics counters follow the entries (docs/audit.md#counters).
  const lines = all_.filter((l) => JSON.parse(l).type !== 'counter');
  assert.equal(lines.length, 1 + before + 1, 'header, every entry before the export and the logged export itself, no checkpoint yet');
  const report = await verifyExportLines(all_, { publicKey: s.log.publicKey });
  assert.deepEqual(report.problems, []);
  assert.equal(report.statistics?.ok, true);
  assert.equal(report.statistics?.counters, all_.length - lines.length);
  assert.equal(JSON.parse(lines.at(-1)!).entry.action, 'export');
}));

test('log API: entries filtered by action, actor, agency and time, paged newest first; scoped to the auditor', () => closing(setup(), async (s) => {
  const auditor = await s.tokenFor('aud', ['auditor']);
  const operator = await s.tokenFor('op', ['operator']);
  assert.equal((await s.get('/v1/log/entries', operator)).status, 403);
  // Host-agency auditors see every agency by default; 6 of the 12 test entries are another agency's.
  const other = await s.get('/v1/log/entries?action=verification&agency=other-agency&limit=4', auditor);
  assert.equal(other.status, 200, other.body);
  assert.equal(other.json.total, 6);
  assert.equal(other.json.entries.length, 4);
  const indexes = other.json.entries.map((e: { index: number }) => e.index);
  assert.deepEqual(indexes, [...indexes].sort((a, b) => b - a), 'newest first');
  const next = await s.get('/v1/log/entries?action=verification&agency=other-agency&limit=4&offset=4', auditor);
  assert.equal(next.json.entries.length, 2);
  assert.ok(next.json.entries[0].index < indexes[3]);
  for (const e of other.json.entries) assert.equal(JSON.parse(e.payload).actor.agency, 'other-agency');
  const prefix = await s.get('/v1/log/entries?action=token.', auditor);
  assert.ok(prefix.json.total > 0 && prefix.json.entries.every((e: { entry: { action: string } }) => e.entry.action.startsWith('token.')));
  const future = await s.get('/v1/log/entries?from=2999-01-01', auditor);
  assert.equal(future.json.total, 0);
  const byActor = await s.get(`/v1/log/entries?actor=u&agency=*`, auditor);
  assert.equal(byActor.json.total, 12);
  // The payload is the leaf: its proof verifies against the root of the size read.
  const e = other.json.entries[0];
  const proof = await s.get(`/v1/log/entries/${e.index}/proof?size=${other.json.size}`, auditor);
  const leaf = createHash('sha256').update(Buffer.from([0])).update(e.payload).digest();
  assert.ok(verifyInclusion(e.index, other.json.size, leaf, proof.json.path.map(b64), b64(proof.json.rootHash)));

  // An auditor of another agency sees only that agency's entries, and no one else's on request.
  const admin = await s.h.services.auth.authenticate(s.h.adminToken);
  const b = await s.h.services.agencies.create(admin, { name: 'B', adminName: 'b-admin' });
  const bAdmin = await s.h.services.auth.authenticate(b.admin!.token);
  const bAud = await s.h.services.users.create(bAdmin, { name: 'b-aud', roles: ['auditor'] });
  const bToken = (await s.h.services.tokens.issue({ ...bAdmin, userId: bAud.id, roles: ['auditor'] }, { label: 't' })).token;
  const own = await s.get('/v1/log/entries', bToken);
  assert.equal(own.status, 200);
  assert.ok(own.json.entries.every((x: { entry: { actor: { agency: string } } }) => x.entry.actor.agency === b.agency.id));
  assert.equal((await s.get('/v1/log/entries?agency=other-agency', bToken)).status, 403);
  assert.equal((await s.get('/v1/log/entries?agency=*', bToken)).status, 403);
}));

test('log API: a witness cosignature is stored with its checkpoint; a forged or foreign one is refused and changes nothing', () => closing(setup(), async (s) => {
  const auditor = await s.tokenFor('dsb', ['auditor']);
  const operator = await s.tokenFor('op2', ['operator']);
  const post = async (body: unknown, token = auditor) => {
    const res = await s.app.inject({ method: 'POST', url: '/v1/log/cosignatures', payload: body as object, headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, json: JSON.parse(res.body) };
  };
  const cp = (await s.get('/v1/log/checkpoint', auditor)).json;
  const w = parseCosignerKey(generateCosignerKey('dsb.example/witness'));
  const body = cp.note.slice(0, cp.note.indexOf('\n\n') + 1);
  const cosigned = cp.note + cosignatureLine(body, w, new Date());
  assert.equal((await post({ note: cosigned, witnessKey: w.verifierKey }, operator)).status, 403);
  const other = parseCosignerKey(generateCosignerKey('other.example/witness'));
  const refused = await post({ note: cosigned, witnessKey: other.verifierKey });
  assert.deepEqual([refused.status, refused.json.error.code], [400, 'ABG_ERR_VALIDATION']);
  // A note with another root (the log never signed it) is refused.
  const forged = cosigned.replace(/\n[A-Za-z0-9+/]{43}=\n/, `\n${Buffer.alloc(32, 9).toString('base64')}\n`);
  assert.equal((await post({ note: forged, witnessKey: w.verifierKey })).json.error.code, 'ABG_ERR_VALIDATION');
  const held = async () => (await s.log.store.listCheckpoints()).filter((c) => c.note.includes('dsb.example/witness')).map((c) => c.note);
  assert.deepEqual(await held(), []);
  const ok = await post({ note: cosigned, witnessKey: w.verifierKey });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.note, cosigned);
  assert.deepEqual(await held(), [cosigned]);
  // Submitting it again stores nothing new.
  assert.equal((await post({ note: cosigned, witnessKey: w.verifierKey })).status, 200);
  assert.deepEqual(await held(), [cosigned]);
}));
