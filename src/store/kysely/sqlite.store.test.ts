import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../store.contract.ts';
import { openStore } from './kysely-store.ts';
import { agencyFixture } from '../store.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'abg-store-'));
describeStoreContract('SQLite file', () => ({
  open: () => openStore({ dialect: 'sqlite', file: join(dir, 'db', 'abgleich.db') }),
  dispose: async () => rmSync(dir, { recursive: true, force: true }),
}));

test('SQLite: data survives closing and reopening the file (WAL)', async () => {
  const d = mkdtempSync(join(tmpdir(), 'abg-reopen-'));
  try {
    const file = join(d, 'a.db');
    const s1 = await openStore({ dialect: 'sqlite', file });
    const a = agencyFixture();
    await s1.agencies.insert(a);
    await s1.close();
    const s2 = await openStore({ dialect: 'sqlite', file });
    assert.deepEqual(await s2.agencies.get(a.id), a);
    await s2.close();
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
