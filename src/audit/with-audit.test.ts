import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbgError, fail } from '../domain/errors.ts';
import { AuditLog } from './audit-log.ts';
import type { AuditStore } from './audit-store.ts';
import type { LogEntryInput } from './entry.ts';
import { MemoryAuditStore } from '../testing/memory-audit-store.ts';
import { generateSignerKey, parseSignerKey } from './signed-note.ts';
import { failureOutcome, withAudit } from './with-audit.ts';

/** A store whose appends fail while `down` is true, built on the real in-memory store. */
function flakyStore(): { store: AuditStore; setDown(v: boolean): void } {
  const inner = new MemoryAuditStore();
  let down = false;
  const store: AuditStore = {
    size: () => inner.size(),
    append: (leaf, nodes) => (down ? Promise.reject(new Error('connection reset')) : inner.append(leaf, nodes)),
    readNodes: (k) => inner.readNodes(k),
    readLeaves: (a, b) => inner.readLeaves(a, b),
    saveCheckpoint: (c) => inner.saveCheckpoint(c),
    listCheckpoints: () => inner.listCheckpoints(),
    redactBefore: (t) => inner.redactBefore(t),
  };
  return { store, setDown: (v) => (down = v) };
}

// A miniature search use case written the way services use the helper.
const gallery = [{ id: 'hit-1', score: 0.91 }, { id: 'hit-2', score: 0.4 }, { id: 'hit-3', score: 0.77 }];
const base = (): Omit<LogEntryInput, 'outcome'> => ({
  actor: { user: 'op-1', agency: 'agency-a', role: 'operator' }, action: 'search.end', purpose: 'criminal-investigation', caseRef: 'c-1', galleries: ['g1'],
});
function search(log: AuditLog, threshold: number, allowed = true) {
  return withAudit(
    log,
    async () => {
      if (!allowed) fail('ABG_ERR_FORBIDDEN', 'No agreement.');
      return gallery.filter((c) => c.score >= threshold);
    },
    (hits) => ({ ...base(), outcome: 'ok', result: { byGallery: { g1: { candidates: hits.length } }, ids: hits.map((h) => h.id) } }),
    (error) => ({ ...base(), ...failureOutcome(error) }),
  );
}

test('a search answers with its results and the index of the entry that logged them', async () => {
  const { store } = flakyStore();
  const log = new AuditLog({ store, signer: parseSignerKey(generateSignerKey('t/log')) });
  const answer = await search(log, 0.5);
  assert.deepEqual(answer.value.map((h) => h.id), ['hit-1', 'hit-3']);
  const logged = await log.entry(answer.logIndex);
  assert.deepEqual(logged.entry?.result?.ids, ['hit-1', 'hit-3']);
});

test('a search whose log append fails returns an error and no results', async () => {
  const { store, setDown } = flakyStore();
  const log = new AuditLog({ store, signer: parseSignerKey(generateSignerKey('t/log')) });
  setDown(true);
  let answer: unknown;
  await assert.rejects(
    (async () => {
      answer = await search(log, 0.5);
    })(),
    (e) => e instanceof AbgError && e.code === 'ABG_ERR_AUDIT_UNAVAILABLE' && !JSON.stringify(e).includes('hit-1'),
  );
  assert.equal(answer, undefined);
  assert.equal(await log.size(), 0);
});

test('a refused search is logged as denied, and the refusal reaches the caller', async () => {
  const { store } = flakyStore();
  const log = new AuditLog({ store, signer: parseSignerKey(generateSignerKey('t/log')) });
  await assert.rejects(search(log, 0.5, false), (e) => e instanceof AbgError && e.code === 'ABG_ERR_FORBIDDEN');
  const logged = await log.entry(0);
  assert.equal(logged.entry?.outcome, 'denied');
  assert.equal(logged.entry?.reason, 'ABG_ERR_FORBIDDEN');
});
