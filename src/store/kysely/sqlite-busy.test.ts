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
import { openStore, type KyselyStore } from './kysely-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'abg-busy-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a migrated store on a fresh file while another process holds its write lock; releases and closes after `fn`. */
async function whileLocked(name: string, busyTimeoutMs: number, fn: (store: KyselyStore, release: () => Promise<void>) => Promise<void>): Promise<void> {
  const file = join(dir, name);
  await (await openStore({ dialect: 'sqlite', file })).close();
  const store = await openStore({ dialect: 'sqlite', file }, { busyTimeoutMs });
  const holder = await holdWriteLock(file);
  try {
    await fn(store, () => holder.release());
  } finally {
    await holder.release();
    await store.close();
  }
}

test('a write waits while another process holds the lock, and succeeds once it is released', () => whileLocked('wait.db', 60_000, async (store, release) => {
  const a = agencyFixture();
  let settled = false;
  const write = store.agencies.insert(a).finally(() => { settled = true; });
  let ticks = 0;
  const timer = setInterval(() => { ticks++; }, 10);
  await sleep(500);
  clearInterval(timer);
  assert.equal(settled, false, 'the write waits for the lock');
  assert.ok(ticks >= 10, `the event loop keeps running while the write waits (${ticks} ticks in 500 ms)`);
  await release();
  await write;
  assert.deepEqual(await store.agencies.get(a.id), a);
}));

test('a transaction that reads and then writes waits for the lock too (BEGIN IMMEDIATE)', () => whileLocked('upgrade.db', 60_000, async (store, release) => {
  const a = agencyFixture();
  const write = store.transaction(async (tx) => {
    await tx.agencies.count();
    await sleep(50);
    await tx.agencies.insert(a);
  });
  await sleep(300);
  await release();
  await write;
  assert.deepEqual(await store.agencies.get(a.id), a);
}));

test('a lock held beyond the busy budget gives ABG_ERR_BUSY and writes nothing', () => whileLocked('exhausted.db', 300, async (store, release) => {
  const a = agencyFixture();
  await assert.rejects(store.agencies.insert(a), (e: unknown) => {
    assert.ok(e instanceof AbgError, `a coded error, not ${String(e)}`);
    assert.equal(e.code, 'ABG_ERR_BUSY');
    assert.equal(e.status, 503);
    assert.equal(typeof e.details?.retryAfterSeconds, 'number');
    return true;
  });
  await assert.rejects(store.transaction(async (tx) => { await tx.agencies.count(); await tx.agencies.insert(a); }), { code: 'ABG_ERR_BUSY' });
  await release();
  assert.equal(await store.agencies.get(a.id), undefined);
}));
