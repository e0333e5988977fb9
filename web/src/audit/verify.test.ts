// The browser's proof check, run here against the server's own log, proofs and signed checkpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditLog } from '../../../src/audit/audit-log.ts';
import { MemoryAuditStore } from '../../../src/testing/memory-audit-store.ts';
import { generateSignerKey, parseSignerKey } from '../../../src/audit/signed-note.ts';
import { testEntry } from '../../../src/testing/test-log.ts';
import { checkEntry } from './verify.ts';

test('an entry verifies against a signed checkpoint; a changed payload, path, root or key does not', async () => {
  const store = new MemoryAuditStore();
  const log = new AuditLog({ store, signer: parseSignerKey(generateSignerKey('test/log')) });
  for (let i = 0; i < 13; i++) await log.append(testEntry(i));
  const cp = await log.checkpoint();
  const leaves = await store.readLeaves(0, 13);
  for (const i of [0, 5, 12]) {
    const proof = await log.inclusion(i, cp.size);
    const r = await checkEntry({ index: i, payload: leaves[i]!.payload!, note: cp.note, publicKey: log.publicKey, proof });
    assert.deepEqual(r, { leafMatches: true, included: true, signed: true, checkpointSize: 13, ok: true }, `entry ${i}`);
  }
  const proof = await log.inclusion(5, cp.size);
  const payload = leaves[5]!.payload!;
  const bad = (r: { ok: boolean }) => assert.equal(r.ok, false);
  bad(await checkEntry({ index: 5, payload: payload.replace('"ok"', '"denied"'), note: cp.note, publicKey: log.publicKey, proof }));
  bad(await checkEntry({ index: 6, payload, note: cp.note, publicKey: log.publicKey, proof }));
  bad(await checkEntry({ index: 5, payload, note: cp.note, publicKey: log.publicKey, proof: { ...proof, path: [...proof.path].reverse() } }));
  const otherKey = parseSignerKey(generateSignerKey('test/log'));
  const forged = await checkEntry({ index: 5, payload, note: cp.note, publicKey: otherKey.verifierKey, proof });
  assert.equal(forged.signed, false);
  bad(forged);
  const other = new AuditLog({ store: new MemoryAuditStore(), signer: parseSignerKey(generateSignerKey('test/log')) });
  for (let i = 0; i < 13; i++) await other.append(testEntry(i + 100));
  bad(await checkEntry({ index: 5, payload, note: (await other.checkpoint()).note, publicKey: other.publicKey, proof }));
});
