import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from './audit-log.ts';
import { generateSignerKey, parseSignerKey } from './signed-note.ts';
import { planCounters } from './statistics-counters.ts';
import { computeStatisticsFrom } from './statistics.ts';
import { newTestLog, testEntry } from '../testing/test-log.ts';
import { syntheticWorkload } from '../testing/synthetic-workload.ts';
import { migrations } from '../store/kysely/migrations/index.ts';
import { openStore } from '../store/kysely/kysely-store.ts';

test('a query inside one day is counted from its entries; whole months and days come from counters', () => {
  assert.deepEqual(planCounters(), { ranges: [{ grain: 'month' }], scans: [] });
  assert.deepEqual(planCounters('2026-01-01', '2027-01-01'), { ranges: [{ grain: 'month', from: '2026-01', to: '2027-01' }], scans: [] });
  assert.deepEqual(planCounters('2026-01-15T10:00:00.000Z', '2026-03-05T12:00:00.000Z'), {
    ranges: [{ grain: 'month', from: '2026-02', to: '2026-03' }, { grain: 'day', from: '2026-01-16', to: '2026-02-01' }, { grain: 'day', from: '2026-03-01', to: '2026-03-05' }],
    scans: [{ from: '2026-01-15T10:00:00.000Z', to: '2026-01-16' }, { from: '2026-03-05', to: '2026-03-05T12:00:00.000Z' }],
  });
  assert.deepEqual(planCounters('2026-01-15T10:00:00.000Z', '2026-01-15T11:00:00.000Z'), { ranges: [], scans: [{ from: '2026-01-15T10:00:00.000Z', to: '2026-01-15T11:00:00.000Z' }] });
  assert.deepEqual(planCounters('2026-02-01', '2026-01-01'), { ranges: [], scans: [] });
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
});

test('the migration counts an existing log once; later appends add to those counters', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-counters-'));
  const store = await openStore({ dialect: 'sqlite', file: join(dir, 'log.db') });
  try {
    const log = new AuditLog({ store: store.audit, signer: parseSignerKey(generateSignerKey('counters.test/log')) });
    for (const e of syntheticWorkload(300, 5)) await log.append(e);
    // As before the counters existed: the log holds entries, no counter table.
    await store.db.schema.dropTable('audit_counters').execute();
    await migrations['0018-audit-counters']!.up(store.db);
    for (const e of syntheticWorkload(50, 6)) await log.append(e);
    const check = await log.verifyStatistics();
    assert.deepEqual(check.differences, []);
    assert.equal(check.entries, 350);
    assert.deepEqual(await log.statistics({ by: 'month' }), await computeStatisticsFrom(log.entries(), { by: 'month' }));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
