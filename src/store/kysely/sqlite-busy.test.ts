// A second process holding the SQLite write lock: a writer here waits for it without stalling the
// event loop, and when the lock outlasts the busy budget it gets ABG_ERR_BUSY, not a raw driver error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { AbgError } from '../../domain/errors.ts';
import { agencyFixture } from '../store.contract.ts';
import { holdWriteLock } from '../../testing/sqlite-lock-holder.ts';
import { openStore } from './kysely-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'abg-busy-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function migrated(name: string): Promise<string> {
  const file = join(dir, name);
  await (await openStore({ dialect: 'sqlite', file })).close();
  return file;
}

test('a write waits while another process holds the lock, and succeeds once it is released', async () => {
  const file = await migrated('wait.db');
  const store = await openStore({ dialect: 'sqlite', file }, { busyTimeoutMs: 60_000 });
  const holder = await holdWriteLock(file);
  try {
    const a = agencyFixture();
    let settled = false;
    const write = store.agencies.insert(a).finally(() => { settled = true; });
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 10);
    await sleep(500);
    clearInterval(timer);
    assert.equal(settled, false, 'the write waits for the lock');
    assert.ok(ticks >= 10, `the event loop keeps running while the write waits (${ticks} ticks in 500 ms)`);
    await holder.release();
    await write;
    assert.deepEqual(await store.agencies.get(a.id), a);
  } finally {
    await holder.release();
    await store.close();
  }
});

test('a transaction that reads and then writes waits for the lock too (BEGIN IMMEDIATE)', async () => {
  const file = await migrated('upgrade.db');
  const store = await openStore({ dialect: 'sqlite', file }, { busyTimeoutMs: 60_000 });
  const holder = await holdWriteLock(file);
  try {
    const a = agencyFixture();
    const write = store.transaction(async (tx) => {
      await tx.agencies.count();
      await sleep(50);
      await tx.agencies.insert(a);
    });
    await sleep(300);
    await holder.release();
    await write;
    assert.deepEqual(await store.agencies.get(a.id), a);
  } finally {
    await holder.release();
    await store.close();
  }
});

test('a lock held beyond the busy budget gives ABG_ERR_BUSY and writes nothing', async () => {
  const file = await migrated('exhausted.db');
  const store = await openStore({ dialect: 'sqlite', file }, { busyTimeoutMs: 300 });
  const holder = await holdWriteLock(file);
  const a = agencyFixture();
  try {
    await assert.rejects(store.agencies.insert(a), (e: unknown) => {
      assert.ok(e instanceof AbgError, `a coded error, not ${String(e)}`);
      assert.equal(e.code, 'ABG_ERR_BUSY');
      assert.equal(e.status, 503);
      assert.equal(typeof e.details?.retryAfterSeconds, 'number');
      return true;
    });
    await assert.rejects(store.transaction(async (tx) => { await tx.agencies.count(); await tx.agencies.insert(a); }), { code: 'ABG_ERR_BUSY' });
  } finally {
    await holder.release();
  }
  assert.equal(await store.agencies.get(a.id), undefined);
  await store.close();
});
