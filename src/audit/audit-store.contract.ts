// One contract for every AuditStore: in memory, SQLite, PostgreSQL. Call it inside a describe
// block; the tests work relative to what the store already holds, so a shared store is fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbgError } from '../domain/errors.ts';
import { AuditLog } from './audit-log.ts';
import type { AuditStore } from './audit-store.ts';
import { exportLog } from './export-format.ts';
import { leafHash } from './merkle-tree.ts';
import { verifyInclusion } from './proof-verify.ts';
import { generateSignerKey, parseSignerKey } from './signed-note.ts';
import { testEntry } from '../testing/test-log.ts';
import { verifyExportLines } from './verify-export.ts';
import { computeRefusalsFrom, computeStatisticsFrom } from './statistics.ts';
import { syntheticWorkload, workloadAgencies, workloadGalleries } from '../testing/synthetic-workload.ts';
import type { StatisticsQuery } from '../services/ports/audit-ledger.ts';

export interface AuditStoreHarness {
  audit(): AuditStore;
  /** Runs `fn` with an AuditStore inside one transaction of the surrounding store, when there is one. */
  transaction?<T>(fn: (audit: AuditStore) => Promise<T>): Promise<T>;
}

const isConflict = (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_CONFLICT';
const signer = parseSignerKey(generateSignerKey('contract.test/log'));

export function auditStoreContract(h: AuditStoreHarness) {
  test('audit store: a log over it serves proofs that verify, and its export verifies', async () => {
    const log = new AuditLog({ store: h.audit(), signer });
    const n0 = await log.size();
    for (let i = 0; i < 21; i++) assert.equal((await log.append(testEntry(i))).index, n0 + i);
    await log.checkpoint();
    const n = n0 + 21;
    const root = (await log.root()).rootHash;
    for (const i of [n0, n0 + 1, n0 + 10, n - 1]) {
      const p = await log.inclusion(i);
      assert.ok(verifyInclusion(i, n, Buffer.from(p.leafHash, 'base64'), p.path.map((x) => Buffer.from(x, 'base64')), root), `entry ${i}`);
    }
    const lines: string[] = [];
    for await (const l of exportLog(log)) lines.push(l);
    const report = await verifyExportLines(lines, { publicKey: log.publicKey });
    assert.deepEqual(report.problems, []);
    assert.equal(report.entries, n);
    assert.equal((await log.latestCheckpoint())?.size, n);
  });

  test('audit store: leaves and nodes round-trip; a taken index or node is a conflict that writes nothing', async () => {
    const store = h.audit();
    const log = new AuditLog({ store, signer });
    const a = await log.append(testEntry(1));
    const [leaf] = await store.readLeaves(a.index, a.index + 1);
    assert.equal(leaf?.index, a.index);
    assert.equal(leaf?.leafHash.toString('base64'), a.leafHash);
    assert.deepEqual(leaf?.leafHash, leafHash(Buffer.from(leaf!.payload!, 'utf8')));
    const size = await store.size();
    const hash = Buffer.alloc(32, 9);
    await assert.rejects(store.append({ index: a.index, time: leaf!.time, leafHash: hash, payload: '{}', receipt: 'x' }, []), isConflict);
    // A new leaf index with a node that exists already: the leaf must not be written either.
    await assert.rejects(store.append({ index: size, time: leaf!.time, leafHash: hash, payload: '{}', receipt: 'x' }, [{ level: 0, index: a.index, hash }]), isConflict);
    assert.equal(await store.size(), size);
    assert.deepEqual((await store.readNodes([{ level: 0, index: a.index }, { level: 0, index: size + 100 }])).map((n) => n.hash.toString('base64')), [a.leafHash]);
    assert.deepEqual(await store.readLeaves(size, size + 5), []);
  });

  test('audit store: redaction removes payloads before a time and keeps hashes; checkpoints list by size', async () => {
    const store = h.audit();
    const log = new AuditLog({ store, signer });
    const old = await log.append(testEntry(0, '2001-01-01T00:00:00.000Z'));
    const recent = await log.append(testEntry(1, '2099-01-01T00:00:00.000Z'));
    assert.ok((await store.redactBefore('2001-06-01T00:00:00.000Z')) >= 1);
    const [o] = await store.readLeaves(old.index, old.index + 1);
    const [r] = await store.readLeaves(recent.index, recent.index + 1);
    assert.equal(o?.payload, null);
    assert.equal(o?.leafHash.toString('base64'), old.leafHash);
    assert.notEqual(r?.payload, null);
    assert.equal(await store.redactBefore('2001-06-01T00:00:00.000Z'), 0);
    // Below an index only: an old entry at or after it keeps its payload.
    const late = await log.append(testEntry(2, '2001-02-01T00:00:00.000Z'));
    assert.equal(await store.redactBefore('2001-06-01T00:00:00.000Z', late.index), 0);
    assert.notEqual((await store.readLeaves(late.index, late.index + 1))[0]?.payload, null);
    await store.saveCheckpoint({ size: 2, time: '2026-01-02T00:00:00.000Z', note: 'b' });
    await store.saveCheckpoint({ size: 1, time: '2026-01-03T00:00:00.000Z', note: 'a' });
    const sizes = (await store.listCheckpoints()).map((c) => c.size);
    assert.deepEqual(sizes, [...sizes].sort((x, y) => x - y));
  });

  test('audit store: statistics read from counters equal a recount of the entries, for whole and partial periods, scopes and refusals', { timeout: 60_000 }, async () => {
    const log = new AuditLog({ store: h.audit(), signer });
    // A workload moved to 2041–2043, a span no other test writes in, so the store may be shared.
    const workload = syntheticWorkload(400, 11).map((e) => ({ ...e, time: e.time!.replace(/^20(2\d)/, (_, y: string) => `20${Number(y) + 17}`) }));
    for (const e of workload) await log.append(e);
    const times = workload.map((e) => e.time!);
    const inside = async function* () {
      for await (const e of log.entries()) if (e.time >= '2041') yield e;
    };
    const queries: StatisticsQuery[] = [
      { from: '2041-01-01' },
      { from: '2041-01-01', by: 'month' },
      { from: '2041-03-01', to: '2042-07-01', by: 'month' },
      // Bounds inside a month and inside a day: whole days from counters, the rest from the entries.
      { from: times[37]!, to: times[311]!, by: 'month' },
      { from: '2041-02-10', to: times[200]! },
      { from: times[50]!, to: times[52]! },
      { from: times[120]!.slice(0, 10), to: times[125]!.slice(0, 10), by: 'month' },
      { from: '2041-01-01', agencies: [workloadAgencies[0]!], galleries: [workloadGalleries[3]!], by: 'month' },
      { from: '2042-05-05T10:00:00.000Z', to: '2042-05-05T09:00:00.000Z' },
    ];
    for (const q of queries) {
      const rows = await log.statistics(q);
      assert.deepEqual(rows, await computeStatisticsFrom(inside(), q), JSON.stringify(q));
      assert.deepEqual(await log.refusals(q), await computeRefusalsFrom(inside(), q), JSON.stringify(q));
    }
    assert.ok((await log.statistics(queries[0]!)).length > 10);
  });

  test('audit store: statistics with bounds inside hours and inside days, from hour counters and the parts of hours at the bounds, equal a recount of the entries', { timeout: 60_000 }, async () => {
    const log = new AuditLog({ store: h.audit(), signer });
    // Several entries an hour over three days of April 2045, a span no other test writes in.
    const workload = syntheticWorkload(300, 13).map((e, i) => ({ ...e, time: new Date(Date.UTC(2045, 3, 10) + i * 13 * 60_000 + 517).toISOString() }));
    for (const e of workload) await log.append(e);
    const inside = async function* () {
      for await (const e of log.entries()) if (e.time >= '2045' && e.time < '2046') yield e;
    };
    const queries: StatisticsQuery[] = [
      // Inside hours at both bounds, days apart; by year and by month.
      { from: '2045-04-10T05:20:00.000Z', to: '2045-04-12T17:45:30.000Z' },
      { from: '2045-04-10T05:20:00.000Z', to: '2045-04-12T17:45:30.000Z', by: 'month' },
      // Whole hours inside one day; inside one hour; across midnight.
      { from: '2045-04-11T07:00:00.000Z', to: '2045-04-11T19:00:00.000Z' },
      { from: '2045-04-11T02:58:00.000Z', to: '2045-04-11T03:31:00.000Z' },
      { from: '2045-04-10T23:40:00.000Z', to: '2045-04-11T00:20:00.000Z' },
      // A bound inside an hour against a date, and an owner's view.
      { from: '2045-04-11', to: '2045-04-12T09:10:00.000Z' },
      { from: '2045-04-10T11:11:11.111Z', to: '2045-04-12', agencies: [workloadAgencies[1]!], galleries: [workloadGalleries[2]!] },
    ];
    for (const q of queries) {
      const rows = await log.statistics(q);
      assert.ok(rows.length > 0, JSON.stringify(q));
      assert.deepEqual(rows, await computeStatisticsFrom(inside(), q), JSON.stringify(q));
      assert.deepEqual(await log.refusals(q), await computeRefusalsFrom(inside(), q), JSON.stringify(q));
    }
  });

  test('audit store: stats verify recounts the log and finds the counters equal', async () => {
    const log = new AuditLog({ store: h.audit(), signer });
    await log.append({ ...testEntry(3), action: 'notice.sent', decision: 'delivered' });
    const check = await log.verifyStatistics();
    assert.deepEqual(check.differences, []);
    assert.ok(check.ok && check.entries > 0 && check.counters > 0);
  });

  if (h.transaction) {
    test('audit store: an append inside a transaction that fails leaves no trace', async () => {
      const store = h.audit();
      const log = new AuditLog({ store, signer });
      const size = await store.size();
      await assert.rejects(
        h.transaction!(async (tx) => {
          await log.append(testEntry(5), { store: tx });
          throw new Error('the state change failed');
        }),
        /state change failed/,
      );
      assert.equal(await store.size(), size);
      assert.equal((await log.append(testEntry(6))).index, size);
      // The failed append's counters went with it.
      assert.deepEqual((await log.verifyStatistics()).differences, []);
    });

    test('audit store: appends inside transactions and plain appends, all at once, get distinct indexes and a sound tree', { timeout: 60_000 }, async () => {
      const store = h.audit();
      const log = new AuditLog({ store, signer });
      const size = await store.size();
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 ? log.append(testEntry(i)) : h.transaction!((tx) => log.append(testEntry(i), { store: tx })))),
      );
      assert.deepEqual(results.map((r) => r.index).sort((a, b) => a - b), Array.from({ length: 24 }, (_, i) => size + i));
      const lines: string[] = [];
      for await (const l of exportLog(log)) lines.push(l);
      // Earlier tests stored unsigned checkpoints and removed payloads through the store, without a
      // retention statement, on purpose; every entry's hash and receipt must verify.
      assert.deepEqual((await verifyExportLines(lines, { publicKey: log.publicKey })).problems.filter((p) => p.index !== null && p.kind !== 'redaction'), []);
      // Concurrent appends each added their counters exactly once.
      assert.deepEqual((await log.verifyStatistics()).differences, []);
    });
  }
}
