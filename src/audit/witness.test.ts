// The witness's add-checkpoint answers (c2sp.org/tlog-witness) over real signed logs in memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newTestLog, testEntry } from '../testing/test-log.ts';
import { generateCosignerKey, parseCosignerKey, parseCosignerVerifier, verifyCosignature } from './cosignature.ts';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './signed-note.ts';
import { AuditLog } from './audit-log.ts';
import { MemoryAuditStore } from '../testing/memory-audit-store.ts';
import { addCheckpointRequest, Witness } from './witness.ts';

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'abg-witness-'));
  const { log } = newTestLog();
  for (let i = 0; i < 5; i++) await log.append(testEntry(i));
  const signer = parseCosignerKey(generateCosignerKey('dsb.example/witness'));
  const witness = new Witness(signer, join(dir, 'state'), new Map([[log.origin, parseVerifierKey(log.publicKey)]]), () => new Date('2026-03-01T10:00:00Z'));
  const submit = async (old: number) => {
    const cp = await log.checkpoint();
    const proof = old > 0 && old < cp.size ? (await log.consistency(old, cp.size)).path : [];
    return { cp, answer: witness.addCheckpoint(addCheckpointRequest(old, proof, cp.note)) };
  };
  return { dir, log, witness, signer, submit, close: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a witness cosigns a first checkpoint and a consistent successor, keeping the last one per origin', async () => {
  const s = await setup();
  try {
    const first = await s.submit(0);
    assert.equal(first.answer.status, 200);
    assert.match(first.answer.body, /^\u2014 dsb\.example\/witness \S+\n$/);
    const cosigned = first.cp.note + first.answer.body;
    const when = verifyCosignature(cosigned, parseCosignerVerifier(s.signer.verifierKey));
    assert.equal(when?.toISOString(), '2026-03-01T10:00:00.000Z');
    assert.equal(s.witness.record(s.log.origin)?.checkpoint.size, 5);
    for (let i = 5; i < 9; i++) await s.log.append(testEntry(i));
    const next = await s.submit(5);
    assert.equal(next.answer.status, 200);
    assert.equal(s.witness.record(s.log.origin)?.checkpoint.size, 9);
    // The same checkpoint again is fine (old size = size, same root).
    assert.equal((await s.submit(9)).answer.status, 200);
  } finally {
    s.close();
  }
});

test('a witness answers 409 with its size on a stale old size, 422 on a bad proof, 400 on a smaller tree, 403 and 404 on foreign logs', async () => {
  const s = await setup();
  try {
    assert.equal((await s.submit(0)).answer.status, 200);
    for (let i = 5; i < 9; i++) await s.log.append(testEntry(i));
    const stale = await s.submit(0);
    assert.deepEqual([stale.answer.status, stale.answer.body, stale.answer.contentType], [409, '5\n', 'text/x.tlog.size']);
    const cp = await s.log.checkpoint();
    const proof = (await s.log.consistency(5, cp.size)).path;
    const bent = [Buffer.alloc(32, 7).toString('base64'), ...proof.slice(1)];
    assert.equal(s.witness.addCheckpoint(addCheckpointRequest(5, bent, cp.note)).status, 422);
    assert.equal(s.witness.addCheckpoint(addCheckpointRequest(12, [], cp.note)).status, 400);
    const elsewhere = new AuditLog({ store: new MemoryAuditStore(), signer: parseSignerKey(generateSignerKey('other.example/log')) });
    await elsewhere.append(testEntry(0));
    assert.equal(s.witness.addCheckpoint(addCheckpointRequest(0, [], (await elsewhere.checkpoint()).note)).status, 404);
    // The same origin signed by another key: no signature verifies.
    const impostor = newTestLog();
    await impostor.log.append(testEntry(0));
    assert.equal(s.witness.addCheckpoint(addCheckpointRequest(5, [], (await impostor.log.checkpoint()).note)).status, 403);
    const forged = cp.note.replace(/\n\n.*$/s, '\n\n\u2014 abgleich.test/log AAAAAAAA\n');
    assert.equal(s.witness.addCheckpoint(addCheckpointRequest(5, proof, forged)).status, 403);
    // Nothing refused moved the witness's state.
    assert.equal(s.witness.record(s.log.origin)?.checkpoint.size, 5);
  } finally {
    s.close();
  }
});
