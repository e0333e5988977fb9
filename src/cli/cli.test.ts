// End to end through real processes: init, then serve, then the CLI and an authenticated request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from '../testing/server-process.ts';

const bin = fileURLToPath(new URL('../../bin/abgleich.js', import.meta.url));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

test('abgleich init → serve → authenticated GET /v1/galleries works end to end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-cli-'));
  try {
    const init = cli(['init', '--data', dir, '--agency', 'Bundeskriminalamt', '--admin', 'alice', '--json']);
    assert.equal(init.status, 0, init.stderr);
    const { agency, user, token } = JSON.parse(init.stdout.trim());
    assert.equal(agency.name, 'Bundeskriminalamt');
    assert.equal(user.name, 'alice');
    assert.match(token, /^abg_/);

    const again = cli(['init', '--data', dir]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /ABG_ERR_CONFLICT/);

    const server = await startServerProcess({ dataDir: dir, host: null });
    try {
      const created = server.cli(['gallery', 'create', 'Mugshots', '--kind', 'media', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation'], token);
      assert.equal(created.status, 0, created.stderr);

      assert.match(server.url, /^http:\/\/127\.0\.0\.1:/, 'binds to loopback by default');
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
      const docs = await fetch(`${server.url}/docs/`);
      assert.equal(docs.status, 200);
      const res = await fetch(`${server.url}/v1/galleries`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { galleries: { name: string }[] };
      assert.deepEqual(body.galleries.map((g) => g.name), ['Mugshots']);
      const anon = await fetch(`${server.url}/v1/galleries`);
      assert.equal(anon.status, 401);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve on an unreachable PostgreSQL prints one coded line, no stack trace', () => {
  const r = cli(['serve', '--port', '0', '--database-url', 'postgres://nobody@127.0.0.1:1/none']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error ABG_ERR_DB_UNREACHABLE: .*127\.0\.0\.1:1/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('configuration: file < environment < flags, with bad values reported by key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-cfg-'));
  try {
    writeFileSync(join(dir, 'abgleich.json'), JSON.stringify({ port: 'not-a-port' }));
    const r = cli(['serve', '--data', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /ABG_ERR_CONFIG: .*port/);
    writeFileSync(join(dir, 'abgleich.json'), JSON.stringify({ colour: 'blue' }));
    assert.match(cli(['serve', '--data', dir]).stderr, /unknown keys colour/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
