import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from './audit-log.ts';
import { generateSignerKey, parseSignerKey } from './signed-note.ts';
import { computeStatisticsFrom } from './statistics.ts';
import { newTestLog, testEntry } from '../testing/test-log.ts';
import { syntheticWorkload } from '../testing/synthetic-workload.ts';
import { migrations } from '../store/kysely/migrations/index.ts';
import { openStore } from '../store/kysely/kysely-store.ts';

/** A signed log on a fresh SQLite file whose clock reads `clock.now`; the file is removed after `fn`. */
async function withSqliteLog(
  clock: { now: Date | undefined },
  fn: (log: AuditLog, store: Awaited<ReturnType<typeof openStore>>) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'abg-counters-'));
  const store = await openStore({ dialect: 'sqlite', file: join(dir, 'log.db') });
  try {
    const signer = parseSignerKey(generateSignerKey('counters.test/log'));
    await fn(new AuditLog({ store: store.audit, signer, clock: () => clock.now ?? new Date() }), store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the statistics answer sums the column counters, which equal the column rules applied to the entries', async () => {
  const { log, store } = newTestLog();
  const workload = syntheticWorkload(300, 7);
  for (const e of workload) await log.append(e);
  for (const q of [{}, { by: 'month' as const }, { from: '2024-06-01', to: '2025-08-01' }, { from: '2024-06-11T10:00:00.000Z', to: '2025-08-03', by: 'month' as const }]) {
    assert.deepEqual(await log.statistics(q), await computeStatisticsFrom(log.entries(), q), JSON.stringify(q));
  }
  // Year counters hold what the month counters of their year hold.
  const counters = [...store.rawCounters.values()];
  const sum = (grain: string, period: string) => counters.filter((c) => c.grain === grain && c.period.startsWith(period) && c.metric === 'column.searches').reduce((n, c) => n + c.amount, 0);
  const years = [...new Set(counters.filter((c) => c.grain === 'year').map((c) => c.period))];
  assert.ok(years.length >= 2);
  for (const y of years) assert.equal(sum('year', y), sum('month', y));
});

test('stats verify names a year counter changed behind the log', async () => {
  const { log, store } = newTestLog();
  for (let i = 0; i < 40; i++) await log.append(testEntry(i, new Date(Date.UTC(2025, 10, 1) + i * 86_400_000 * 3).toISOString()));
  const [id, counter] = [...store.rawCounters].find(([, c]) => c.grain === 'year' && c.period === '2025' && c.metric === 'entries')!;
  store.rawCounters.set(id, { ...counter, amount: counter.amount - 2 });
  const check = await log.verifyStatistics();
  const { amount, ...key } = counter;
  assert.deepEqual([check.ok, check.differences], [false, [{ counter: key, stored: amount - 2, recounted: amount }]]);
  // A year's column counter changed alone is named too; and it is what an answer by year shows.
  store.rawCounters.set(id, counter);
  const [cid, column] = [...store.rawCounters].find(([, c]) => c.grain === 'year' && c.period === '2026' && c.metric === 'column.searches')!;
  store.rawCounters.set(cid, { ...column, amount: column.amount + 1 });
  assert.deepEqual((await log.verifyStatistics()).differences.map((d) => [d.counter.grain, d.counter.period, d.counter.metric, d.stored - d.recounted]), [['year', '2026', 'column.searches', 1]]);
  assert.equal((await log.statistics({ from: '2026-01-01' }))[0]!.searches, column.amount + 1);
});

test('stats verify reports a counter changed behind the log, names it, and leaves periods emptied by retention out', async () => {
  let now = new Date('2026-03-10T00:00:00.000Z');
  const { log, store } = newTestLog(() => now);
  for (let i = 0; i < 30; i++) await log.append(testEntry(i, new Date(Date.UTC(2026, 0, 1) + i * 86_400_000 * 2).toISOString()));
  assert.deepEqual((await log.verifyStatistics()).differences, []);
  const [id, counter] = [...store.rawCounters].find(([, c]) => c.grain === 'month' && c.period === '2026-02' && c.metric === 'column.searches')!;
  store.rawCounters.set(id, { ...counter, amount: counter.amount + 5 });
  const check = await log.verifyStatistics();
  assert.equal(check.ok, false);
  assert.equal(check.differences.length, 1);
  const { amount, ...key } = counter;
  assert.deepEqual(check.differences[0], { counter: key, stored: amount + 5, recounted: amount });
  // The statistics answer shows what the counters hold.
  const feb = (await log.statistics({ by: 'month', from: '2026-02-01', to: '2026-03-01' }))[0]!;
  assert.equal(feb.searches, counter.amount + 5);
  store.rawCounters.set(id, counter);
  // Retention removes January's payloads: the counters keep January, the recount cannot, so January is skipped.
  now = new Date('2026-02-15T00:00:00.000Z');
  assert.ok((await log.applyRetention(40)) > 0);
  const after = await log.verifyStatistics();
  assert.deepEqual(after.differences, []);
  assert.ok(after.redacted > 0 && after.skippedPeriods.includes('2026-01') && !after.skippedPeriods.includes('2026-02'));
  assert.equal((await log.statistics({ by: 'month', from: '2026-01-01', to: '2026-02-01' }))[0]!.searches, 16);
  // Hour counters keep them too: a bound inside 5 January reads that day's hours before it (its entry at midnight), not the removed payload.
  assert.ok(after.skippedPeriods.includes('2026-01-05T00'));
  assert.equal((await log.statistics({ from: '2026-01-02T12:30:00.000Z', to: '2026-01-05T05:30:00.000Z' }))[0]!.searches, 2);
});

test('the migration counts an existing log once; later appends add to those counters', async () => {
  const clock: { now: Date | undefined } = { now: undefined };
  await withSqliteLog(clock, async (log, store) => {
    for (const e of syntheticWorkload(300, 5)) await log.append(e);
    // As before the counters existed: the log holds entries, no counter tables.
    await migrations['0025-year-and-column-counters']!.down!(store.db);
    await store.db.schema.dropTable('audit_counters').execute();
    await migrations['0018-audit-counters']!.up(store.db);
    await migrations['0025-year-and-column-counters']!.up(store.db);
    await migrations['0026-entry-and-recipient-counters']!.up(store.db);
    await migrations['0027-hour-counters']!.up(store.db);
    for (const e of syntheticWorkload(50, 6)) await log.append(e);
    const check = await log.verifyStatistics();
    assert.deepEqual(check.differences, []);
    assert.equal(check.entries, 350);
    assert.deepEqual(await log.statistics({ by: 'month' }), await computeStatisticsFrom(log.entries(), { by: 'month' }));
  });
});

test('migration 0025 derives year and column counters from the stored ones, keeping counts of payloads retention removed', async () => {
  const clock: { now: Date | undefined } = { now: new Date('2026-06-01T00:00:00.000Z') };
  await withSqliteLog(clock, async (log, store) => {
    for (const e of syntheticWorkload(300, 8)) await log.append(e);
    const before = { byYear: await log.statistics({}), byMonth: await log.statistics({ by: 'month' }) };
    // As before 0025: no year counters, no column counters (and no hour counters, which came later).
    await migrations['0027-hour-counters']!.down!(store.db);
    await migrations['0025-year-and-column-counters']!.down!(store.db);
    const grains = await store.db.selectFrom('audit_counters').select('grain').where('metric', 'not in', ['entry', 'recipient']).distinct().execute();
    assert.deepEqual(grains.map((g) => g.grain).sort(), ['day', 'month']);
    // Retention removes the payloads of 2024 and early 2025 first, so the entries can no longer count them.
    assert.ok((await log.applyRetention(500)) > 0);
    await migrations['0025-year-and-column-counters']!.up(store.db);
    await migrations['0026-entry-and-recipient-counters']!.up(store.db);
    await migrations['0027-hour-counters']!.up(store.db);
    const check = await log.verifyStatistics();
    assert.deepEqual(check.differences, []);
    assert.ok(check.skippedPeriods.includes('2024'));
    // Answers still count the removed payloads (a retention statement feeds no column).
    assert.deepEqual({ byYear: await log.statistics({}), byMonth: await log.statistics({ by: 'month' }) }, before);
    // Later appends add to the derived counters.
    clock.now = new Date('2026-06-02T00:00:00.000Z');
    for (const e of syntheticWorkload(20, 9)) await log.append(e);
    assert.deepEqual((await log.verifyStatistics()).differences, []);
  });
});

test('migration 0027 counts the hours of an existing log once; answers with bounds inside hours then equal the scan, and later appends add to them', async () => {
  const clock: { now: Date | undefined } = { now: new Date('2026-06-01T00:00:00.000Z') };
  await withSqliteLog(clock, async (log, store) => {
    // Several entries an hour over three days of March 2025, and the rest of the workload around them.
    const dense = syntheticWorkload(240, 12).map((e, i) => ({ ...e, time: new Date(Date.UTC(2025, 2, 10) + i * 17 * 60_000 + 1234).toISOString() }));
    for (const e of [...syntheticWorkload(200, 8), ...dense].sort((a, b) => (a.time! < b.time! ? -1 : 1))) await log.append(e);
    // As before 0027: no hour counters. Retention then removes the payloads of 2024, which no migration can count any more.
    await migrations['0027-hour-counters']!.down!(store.db);
    const hours = async () => Number((await store.db.selectFrom('audit_counters').select((eb) => eb.fn.countAll().as('n')).where('grain', '=', 'hour').executeTakeFirstOrThrow()).n);
    assert.equal(await hours(), 0);
    assert.ok((await log.applyRetention(500)) > 0);
    await migrations['0027-hour-counters']!.up(store.db);
    assert.ok((await hours()) > 0);
    const check = await log.verifyStatistics();
    assert.deepEqual(check.differences, []);
    assert.ok(check.skippedPeriods.some((p) => p.startsWith('2024-') && p.length === 13));
    const queries = [
      { from: '2025-03-10T05:20:00.000Z', to: '2025-03-12T19:45:30.000Z' },
      { from: '2025-03-10T05:20:00.000Z', to: '2025-03-12T19:45:30.000Z', by: 'month' as const },
      { from: '2025-03-11T07:00:00.000Z', to: '2025-03-11T09:00:00.000Z' },
      { from: '2025-03-11T02:58:00.000Z', to: '2025-03-11T03:31:00.000Z' },
    ];
    for (const q of queries) {
      const rows = await log.statistics(q);
      assert.ok(rows.length > 0, JSON.stringify(q));
      assert.deepEqual(rows, await computeStatisticsFrom(log.entries(), q), JSON.stringify(q));
    }
    // Running it again counts nothing twice.
    await migrations['0027-hour-counters']!.up(store.db);
    clock.now = new Date('2026-06-02T00:00:00.000Z');
    for (const e of syntheticWorkload(20, 9)) await log.append(e);
    assert.deepEqual((await log.verifyStatistics()).differences, []);
  });
});

test('stats verify names an hour counter changed behind the log, and an answer with bounds inside that day shows it', async () => {
  const { log, store } = newTestLog();
  for (let i = 0; i < 60; i++) await log.append(testEntry(i, new Date(Date.UTC(2026, 1, 3) + i * 23 * 60_000).toISOString()));
  const [id, counter] = [...store.rawCounters].find(([, c]) => c.grain === 'hour' && c.period === '2026-02-03T10' && c.metric === 'column.searches')!;
  store.rawCounters.set(id, { ...counter, amount: counter.amount + 3 });
  const check = await log.verifyStatistics();
  assert.equal(check.ok, false);
  const { amount, ...key } = counter;
  assert.deepEqual(check.differences, [{ counter: key, stored: amount + 3, recounted: amount }]);
  const q = { from: '2026-02-03T08:30:00.000Z', to: '2026-02-03T14:10:00.000Z' };
  const scanned = (await computeStatisticsFrom(log.entries(), q))[0]!.searches;
  assert.equal((await log.statistics(q))[0]!.searches, scanned + 3);
});
