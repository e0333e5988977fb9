// The server and other processes share one SQLite file: a write that meets another process's
// write lock waits for it, and a lock held past the busy budget is ABG_ERR_BUSY (503 with
// Retry-After), never an internal error — the CLI, a client of the server, shows it with its code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiHarness } from '../testing/api-harness.ts';
import { holdWriteLock } from '../testing/sqlite-lock-holder.ts';
import { runCliAsync } from '../testing/cli-process.ts';
import { startServerProcess } from '../testing/server-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('CLI: a write waits for another process\'s write lock and succeeds; past the budget it is ABG_ERR_BUSY', async () => {
  const server = await startServerProcess({ agency: 'Host', admin: 'root', env: { ABGLEICH_DB_BUSY_TIMEOUT_MS: '3000' } });
  try {
    const db = join(server.dataDir, 'abgleich.db');
    const cliAsync = (args: string[]) => runCliAsync(args, { ABGLEICH_SERVER: server.url, ABGLEICH_TOKEN: server.adminToken });
    const create = (name: string) => cliAsync(['gallery', 'create', name, '--kind', 'media', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation']);
    assert.equal(server.cli(['gallery', 'list']).status, 0, 'the token\'s first use (a logged login) is behind us');

    let holder = await holdWriteLock(db);
    const refused = await create('Refused').finally(() => holder.release());
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^error ABG_ERR_BUSY: .*\(request [0-9a-f-]+\)/);
    assert.doesNotMatch(refused.stderr, /ABG_ERR_INTERNAL|database is locked/);

    holder = await holdWriteLock(db);
    const release = sleep(1500).then(() => holder.release());
    const waited = await create('Waited');
    await release;
    assert.equal(waited.status, 0, waited.stderr);

    const list = server.cli(['gallery', 'list', '--json']);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /Waited/);
    assert.doesNotMatch(list.stdout, /Refused/, 'the refused write left nothing behind');
  } finally {
    await server.stop();
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
