// The CLI as a client of a real server process: profiles saved by login (mode 0600) and used by
// later commands, a readable profile file refused, an unreachable server, the server's request id
// in errors, partner galleries and agencies by name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli } from '../testing/cli-process.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { faceModels } from '../signals/face/models.ts';

let server: ServerProcess;
let dir: string;
const noServerEnv = { ABGLEICH_SERVER: '', ABGLEICH_TOKEN: '', ABGLEICH_PROFILE: '' };
const json = (r: { status: number | null; stdout: string; stderr: string }) => {
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

before(async () => {
  server = await startServerProcess({ agency: 'BKA' });
  dir = mkdtempSync(join(tmpdir(), 'abg-cli-client-'));
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('login checks the token, saves a 0600 profile without echoing the token, and later commands use it', () => {
  const config = join(dir, 'profiles', 'cli.json');
  const env = { ...noServerEnv, ABGLEICH_CLI_CONFIG: config };
  const refused = runCli(['login', '--server', server.url, '--profile', 'bka'], env, 'abg_not-a-token\n');
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^error ABG_ERR_UNAUTHENTICATED: .*\(request [0-9a-f-]+\)\n$/);
  assert.throws(() => statSync(config), 'a refused token saves nothing');

  const login = runCli(['login', '--server', server.url, '--profile', 'bka'], env, `${server.adminToken}\n`);
  assert.equal(login.status, 0, login.stderr);
  assert.match(login.stdout, /as alice|as admin/);
  assert.ok(!login.stdout.includes(server.adminToken) && !login.stderr.includes(server.adminToken), 'the token is never printed');
  assert.equal(statSync(config).mode & 0o777, 0o600);
  assert.equal(JSON.parse(readFileSync(config, 'utf8')).profiles.bka.server, server.url);

  const listed = runCli(['agency', 'list'], env);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /\bBKA\b/);
  assert.match(runCli(['profile', 'list'], env).stdout, /^\*\s+bka\s+http:\/\/127\.0\.0\.1:/m);
  const unknown = runCli(['agency', 'list', '--profile', 'lka'], env);
  assert.match(unknown.stderr, /^error ABG_ERR_NOT_FOUND: .*Profile lka: .*known: bka/);

  chmodSync(config, 0o644);
  const readable = runCli(['agency', 'list'], env);
  assert.equal(readable.status, 1);
  assert.match(readable.stderr, new RegExp(`^error ABG_ERR_INSECURE_CONFIG: .*chmod 600 ${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  chmodSync(config, 0o600);

  assert.equal(runCli(['logout', '--profile', 'bka'], env).status, 0);
  assert.equal(JSON.parse(readFileSync(config, 'utf8')).profiles.bka, undefined);
  const gone = runCli(['agency', 'list', '--server', server.url], env);
  assert.match(gone.stderr, /^error ABG_ERR_UNAUTHENTICATED: /, 'without the profile there is no token');
});

test('an unreachable server is ABG_ERR_SERVER_UNREACHABLE naming the URL and how to start or point to one', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const r = runCli(['gallery', 'list', '--server', `http://127.0.0.1:${port}`, '--token', 'abg_x'], noServerEnv);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`^error ABG_ERR_SERVER_UNREACHABLE: .*http://127\\.0\\.0\\.1:${port}.*abgleich serve.*--server`));
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test("a server's error shows its code and request id on one line, and in the JSON error with --json", () => {
  const r = server.cli(['token', 'revoke', 'no-such-token']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error ABG_ERR_NOT_FOUND: .+ \(request [0-9a-f-]{8,}\)\n$/);
  const j = server.cli(['token', 'revoke', 'no-such-token', '--json']);
  const e = JSON.parse(j.stderr).error;
  assert.equal(e.code, 'ABG_ERR_NOT_FOUND');
  assert.match(e.requestId, /^[0-9a-f-]{8,}$/);
});

test("partner galleries resolve by name for search --galleries; log entries and stats take an agency's name", async () => {
  const face = ['--kind', 'face', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation', '--model', faceModels()[0]!.id];
  const gallery = json(server.cli(['gallery', 'create', 'Fahndung', ...face, '--json']));
  const lka = json(server.cli(['agency', 'create', 'LKA Berlin', '--admin', 'bob', '--json']));
  json(server.cli(['user', 'create', 'otto', '--roles', 'owner-officer', '--json']));
  const officer = json(server.cli(['token', 'create', 'cli', '--user', 'otto', '--json'])).token;
  json(server.cli(['agreement', 'create', '--requester', 'LKA Berlin', '--galleries', 'Fahndung', '--purposes', 'criminal-investigation', '--until', '2099-12-31', '--reference', 'V 1', '--json'], officer));
  const bob = lka.admin.token;
  json(server.cli(['user', 'create', 'olga', '--roles', 'operator', '--json'], bob));
  const operator = json(server.cli(['token', 'create', 'cli', '--user', 'olga', '--json'], bob)).token;

  const probe = join(dir, 'wall.jpg');
  writeFileSync(probe, await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 120, b: 120 } } }).jpeg().toBuffer());
  const search = ['search', probe, '--purpose', 'criminal-investigation', '--case', 'B-1', '--authorisation', 'A-1', '--mode', 'investigation'];
  const unknown = server.cli([...search, '--galleries', 'Fahndungen'], operator);
  assert.match(unknown.stderr, /^error ABG_ERR_NOT_FOUND: .*Gallery Fahndungen: .*known: "Fahndung"/, 'the partner gallery is listed among the known ones');
  const searched = server.cli([...search, '--galleries', 'fahndung', '--json'], operator);
  assert.equal(searched.status, 1, 'a wall has no face');
  assert.match(searched.stderr, /ABG_ERR_NO_FACE/, 'the name resolved to the partner gallery and the server searched it');

  json(server.cli(['user', 'create', 'aud', '--roles', 'auditor', '--json']));
  const auditor = json(server.cli(['token', 'create', 'cli', '--user', 'aud', '--json'])).token;
  const entries = json(server.cli(['log', 'entries', '--agency', 'LKA Berlin', '--format', 'json', '--limit', '500'], auditor));
  assert.ok(entries.total >= 3, JSON.stringify(entries).slice(0, 500));
  assert.ok(entries.entries.every((e: { entry: { actor: { agency: string } } }) => e.entry.actor.agency === lka.agency.id));
  assert.ok(entries.entries.some((e: { entry: { action: string } }) => e.entry.action.startsWith('user.')), 'bob created olga');
  const otto = json(server.cli(['user', 'list', '--json'])).find((u: { name: string }) => u.name === 'otto');
  const byActor = json(server.cli(['log', 'entries', '--actor', 'otto', '--format', 'json', '--limit', '500'], auditor));
  assert.ok(byActor.total >= 1, 'otto made the agreement');
  assert.ok(byActor.entries.every((e: { entry: { actor: { user: string } } }) => e.entry.actor.user === otto.id));
  const missing = server.cli(['log', 'entries', '--agency', 'LKA Hamburg'], auditor);
  assert.match(missing.stderr, /^error ABG_ERR_NOT_FOUND: .*Agency LKA Hamburg: .*"LKA Berlin"/);
  const stats = server.cli(['stats', '--agency', 'LKA Berlin', '--format', 'json'], auditor);
  assert.equal(stats.status, 0, stats.stderr);
  assert.ok(JSON.parse(stats.stdout).rows.every((r: { agency: string }) => r.agency === lka.agency.id || r.agency === 'LKA Berlin'));
  assert.equal(gallery.name, 'Fahndung');
});
