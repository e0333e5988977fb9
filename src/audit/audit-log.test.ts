import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbgError } from '../domain/errors.ts';
import { AuditLog, scheduleCheckpoints } from './audit-log.ts';
import type { AuditStore } from './audit-store.ts';
import { canonicalJson } from './canonical-json.ts';
import { checkpointBody, openCheckpoint } from './checkpoint.ts';
import { MemoryAuditStore } from '../testing/memory-audit-store.ts';
import { leafHash } from './merkle-tree.ts';
import { verifyConsistency, verifyInclusion } from './proof-verify.ts';
import { parseSignerKey, parseVerifierKey, verifySignatureBlob } from './signed-note.ts';
import { newTestLog, testEntry, testOrigin } from '../testing/test-log.ts';

const b64 = (s: string) => Buffer.from(s, 'base64');

test('appends get consecutive indexes, and the leaf hash is SHA-256(0x00 || canonical JSON of the entry)', async () => {
  const { log } = newTestLog();
  for (let i = 0; i < 5; i++) {
    const a = await log.append(testEntry(i));
    assert.equal(a.index, i);
    const stored = await log.entry(i);
    assert.deepEqual(b64(a.leafHash), leafHash(Buffer.from(canonicalJson(stored.entry), 'utf8')));
    assert.equal(stored.entry?.v, 1);
  }
  assert.equal(await log.size(), 5);
});

test('an invalid entry is refused before anything is stored, and images cannot be smuggled in as fields', async () => {
  const { log } = newTestLog();
  await assert.rejects(log.append({ ...testEntry(0), actor: { user: 'u', agency: 'a', role: 'superuser' as 'admin' } }), (e) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION');
  await assert.rejects(log.append({ ...testEntry(0), image: 'data:image/jpeg;base64,...' } as never), (e) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION');
  await assert.rejects(log.append({ ...testEntry(0), probes: ['not-a-commitment'] }), (e) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION');
  assert.equal(await log.size(), 0);
});

test('every inclusion and consistency proof the log serves verifies independently against its signed checkpoints', async () => {
  const { log, skey } = newTestLog();
  const verifier = parseVerifierKey(parseSignerKey(skey).verifierKey);
  const notes = new Map<number, ReturnType<typeof openCheckpoint>>();
  for (let i = 0; i < 37; i++) {
    await log.append(testEntry(i));
    if ([1, 2, 5, 8, 16, 20, 37].includes(i + 1)) notes.set(i + 1, openCheckpoint((await log.checkpoint()).note, verifier));
  }
  for (const [n, cp] of notes) {
    assert.ok(cp, `checkpoint ${n} opens`);
    assert.equal(cp.size, n);
    for (let i = 0; i < n; i++) {
      const p = await log.inclusion(i, n);
      assert.ok(verifyInclusion(i, n, b64(p.leafHash), p.path.map(b64), cp.rootHash), `entry ${i} in ${n}`);
    }
    for (const [m, earlier] of notes) {
      if (m > n) continue;
      const c = await log.consistency(m, n);
      assert.ok(verifyConsistency(m, n, earlier!.rootHash, cp.rootHash, c.path.map(b64)), `${m} → ${n}`);
    }
  }
  assert.equal((await log.latestCheckpoint())?.size, 37);
});

test('each append returns a receipt: the log key signature of the checkpoint for the tree up to that entry', async () => {
  const { log, skey } = newTestLog();
  const verifier = parseVerifierKey(parseSignerKey(skey).verifierKey);
  for (let i = 0; i < 9; i++) {
    const a = await log.append(testEntry(i));
    const { rootHash } = await log.root(i + 1);
    assert.ok(verifySignatureBlob(checkpointBody({ origin: testOrigin, size: i + 1, rootHash }), a.receipt, verifier));
  }
});

test('proof requests outside the log are refused with coded errors', async () => {
  const { log } = newTestLog();
  for (let i = 0; i < 4; i++) await log.append(testEntry(i));
  await assert.rejects(log.inclusion(4, 4), (e) => e instanceof AbgError && e.code === 'ABG_ERR_NOT_FOUND');
  await assert.rejects(log.inclusion(0, 5), (e) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION');
  await assert.rejects(log.consistency(0, 4), (e) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION');
  await assert.rejects(log.consistency(3, 2), (e) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION');
});

test('concurrent appends from two log instances on one store never share an index and keep the tree whole', async () => {
  const store = new MemoryAuditStore();
  const { skey } = newTestLog();
  const a = new AuditLog({ store, signer: parseSignerKey(skey) });
  const b = new AuditLog({ store, signer: parseSignerKey(skey) });
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append(testEntry(i))));
  assert.deepEqual(results.map((r) => r.index).sort((x, y) => x - y), Array.from({ length: 40 }, (_, i) => i));
  const root = (await a.root()).rootHash;
  for (const r of results) {
    const p = await a.inclusion(r.index);
    assert.ok(verifyInclusion(r.index, 40, b64(r.leafHash), p.path.map(b64), root));
  }
});

test('a store that fails makes append fail with ABG_ERR_AUDIT_UNAVAILABLE and leaves the log unchanged', async () => {
  const inner = new MemoryAuditStore();
  let broken = false;
  const store: AuditStore = Object.assign(Object.create(inner) as MemoryAuditStore, {
    append: async (...args: Parameters<AuditStore['append']>) => {
      if (broken) throw new Error('disk full');
      return inner.append(...args);
    },
  });
  const { skey } = newTestLog();
  const log = new AuditLog({ store, signer: parseSignerKey(skey) });
  await log.append(testEntry(0));
  broken = true;
  await assert.rejects(log.append(testEntry(1)), (e) => e instanceof AbgError && e.code === 'ABG_ERR_AUDIT_UNAVAILABLE');
  assert.equal(await log.size(), 1);
  broken = false;
  assert.equal((await log.append(testEntry(1))).index, 1);
});

test('retention removes payloads of expired entries only; leaf hashes, proofs and checkpoints still verify', async () => {
  let now = new Date('2026-01-01T00:00:00.000Z');
  const { log, skey } = newTestLog(() => now);
  const verifier = parseVerifierKey(parseSignerKey(skey).verifierKey);
  for (let i = 0; i < 10; i++) await log.append(testEntry(i, new Date(Date.UTC(2022 + Math.floor(i / 3), 0, 1)).toISOString()));
  const before = openCheckpoint((await log.checkpoint()).note, verifier)!;
  now = new Date('2026-06-01T00:00:00.000Z');
  const removed = await log.applyRetention(3 * 365);
  // Entries of 2022 and 2023 (indexes 0–5) are older than three years; 2024 onwards stay.
  assert.equal(removed, 6);
  assert.equal((await log.entry(0)).entry, null);
  assert.notEqual((await log.entry(6)).entry, null);
  // The run is recorded first as a signed statement (entry 10) that the verifier checks removals against.
  assert.deepEqual((await log.entry(10)).entry?.result?.counts, { removed: 6, retentionDays: 3 * 365, before: 6 });
  assert.deepEqual((await log.root(10)).rootHash, before.rootHash);
  const p = await log.inclusion(2, 10);
  assert.ok(verifyInclusion(2, 10, b64(p.leafHash), p.path.map(b64), before.rootHash));
  let kept = 0;
  for await (const _ of log.entries()) kept += 1;
  assert.equal(kept, 4 + 1);
  await assert.rejects(log.applyRetention(0), AbgError);
});

test('scheduled checkpoints follow the log as it grows and stop when asked', async () => {
  const { log } = newTestLog();
  await log.append(testEntry(0));
  const stop = scheduleCheckpoints(log, 10);
  try {
    const until = async (size: number) => {
      for (let i = 0; i < 200 && (await log.latestCheckpoint())?.size !== size; i++) await new Promise((r) => setTimeout(r, 10));
      return (await log.latestCheckpoint())?.size;
    };
    assert.equal(await until(1), 1);
    await log.append(testEntry(1));
    assert.equal(await until(2), 2);
  } finally {
    stop();
  }
  const count = (await log.store.listCheckpoints()).length;
  await log.append(testEntry(2));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await log.store.listCheckpoints()).length, count, 'no checkpoint after stop');
  assert.ok(count <= 3, `only when the log grew: ${count} checkpoints`);
});
