// The server and the CLI share one SQLite file: a write that meets another process's write lock
// waits for it, and a lock held past the busy budget is ABG_ERR_BUSY (503 with Retry-After), never
// an internal error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiHarness } from '../testing/api-harness.ts';
import { holdWriteLock } from '../testing/sqlite-lock-holder.ts';

const bin = fileURLToPath(new URL('../../bin/abgleich.js', import.meta.url));
const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...process.env, ABGLEICH_LOG_LEVEL: 'silent', ...extra });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cliAsync(args: string[], extra: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: env(extra) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

test('CLI: a write waits for the server’s write lock and succeeds; past the budget it is ABG_ERR_BUSY', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-busy-cli-'));
  try {
    const init = spawnSync(process.execPath, [bin, 'init', '--data', dir, '--agency', 'Host', '--admin', 'root', '--json'], { encoding: 'utf8', env: env() });
    assert.equal(init.status, 0, init.stderr);
    const token = JSON.parse(init.stdout.trim()).token as string;
    const create = (name: string, extra: NodeJS.ProcessEnv = {}) =>
      cliAsync(['gallery', 'create', name, '--data', dir, '--kind', 'media', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation'], { ABGLEICH_TOKEN: token, ...extra });

    let holder = await holdWriteLock(join(dir, 'abgleich.db'));
    const refused = await create('Refused', { ABGLEICH_DB_BUSY_TIMEOUT_MS: '400' }).finally(() => holder.release());
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /ABG_ERR_BUSY/);
    assert.doesNotMatch(refused.stderr, /ABG_ERR_INTERNAL|database is locked/);

    holder = await holdWriteLock(join(dir, 'abgleich.db'));
    const waiting = create('Waited', { ABGLEICH_DB_BUSY_TIMEOUT_MS: '60000' });
    await sleep(1500);
    await holder.release();
    const waited = await waiting;
    assert.equal(waited.status, 0, waited.stderr);

    const list = spawnSync(process.execPath, [bin, 'gallery', 'list', '--data', dir, '--json'], { encoding: 'utf8', env: env({ ABGLEICH_TOKEN: token }) });
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /Waited/);
    assert.doesNotMatch(list.stdout, /Refused/, 'the refused write left nothing behind');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('API: a write that meets a lock held past the budget answers 503 ABG_ERR_BUSY with Retry-After', async () => {
  let clock = Date.parse('2026-03-01T10:00:00Z');
  const h = await apiHarness({}, { config: { dbBusyTimeoutMs: 300 }, now: () => new Date(clock) });
  assert.equal((await h.call('GET', '/v1/agencies', h.adminToken)).status, 200, 'the token\'s first use (a logged login) is behind us');
  const holder = await holdWriteLock(join(h.dataDir, 'abgleich.db'));
  try {
    const r = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
    assert.equal(r.status, 503, JSON.stringify(r.json));
    assert.equal(r.json.error.code, 'ABG_ERR_BUSY');
    assert.equal(r.headers['retry-after'], '1');
    clock += 5 * 60_000;
    const read = await h.call('GET', '/v1/agencies', h.adminToken);
    assert.equal(read.status, 200, 'reads go on while another process writes, even when the token\'s last-use time is due');
    await holder.release();
    const again = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
    assert.equal(again.status, 201, JSON.stringify(again.json));
  } finally {
    await holder.release();
    await h.close();
  }
});
