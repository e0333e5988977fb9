// The job lock that keeps periodic jobs and re-embeddings to one replica at a time: two stores on
// one PostgreSQL database stand for two replicas; SQLite serves one process and always runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgSkipReason, pgTestDatabase } from '../../testing/pg-harness.ts';
import { openStore, type KyselyStore } from './kysely-store.ts';

/** A promise with its resolver, to hold a job open while the other replica tries it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe('job lock across two replicas on PostgreSQL', { skip: pgSkipReason() }, () => {
  let db: { url: string; drop(): Promise<void> };
  let a: KyselyStore;
  let b: KyselyStore;

  before(async () => {
    db = await pgTestDatabase();
    a = await openStore({ dialect: 'postgres', url: db.url });
    b = await openStore({ dialect: 'postgres', url: db.url });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  test('while one replica runs a job the other skips it, runs other jobs, and runs it once it is free', async () => {
    const held = gate();
    const started = gate();
    const first = a.exclusive('reembed:g1', async () => {
      started.open();
      await held.opened;
      return 'a';
    });
    await started.opened;
    let ranOnB = false;
    assert.deepEqual(await b.exclusive('reembed:g1', async () => (ranOnB = true)), { ran: false });
    assert.equal(ranOnB, false, 'the job body never started on the second replica');
    assert.deepEqual(await b.exclusive('reembed:g2', async () => 'b'), { ran: true, value: 'b' }, 'another gallery’s job is not held');
    held.open();
    assert.deepEqual(await first, { ran: true, value: 'a' });
    assert.deepEqual(await b.exclusive('reembed:g1', async () => 'b'), { ran: true, value: 'b' }, 'free again once the holder finished');
  });

  test('a job that fails lets go of the lock', async () => {
    await assert.rejects(a.exclusive('retention', async () => { throw new Error('boom'); }), /boom/);
    assert.deepEqual(await b.exclusive('retention', async () => 1), { ran: true, value: 1 });
  });
});

describe('job lock on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-job-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('one process serves the file, so every job runs', async () => {
    const store = await openStore({ dialect: 'sqlite', file: join(dir, 'a.db') });
    try {
      assert.deepEqual(await store.exclusive('reembed:g1', async () => 7), { ran: true, value: 7 });
    } finally {
      await store.close();
    }
  });
});
