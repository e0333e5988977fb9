import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogEntry } from './entry.ts';
import { AuditLog } from './audit-log.ts';
import { MemoryAuditStore } from '../testing/memory-audit-store.ts';
import { generateSignerKey, parseSignerKey } from './signed-note.ts';
import { computeRefusalsFrom, computeStatistics, computeStatisticsFrom, NONE, refusalsToCsv, renderRefusalsTable, renderStatisticsTable, statisticColumns, statisticsToCsv, totals, type StatisticsRow } from './statistics.ts';
import { syntheticWorkload, workloadAgencies } from '../testing/synthetic-workload.ts';

const ACTIONS = 4000;

let logged: Promise<{ log: AuditLog; entries: LogEntry[] }> | undefined;
const loggedWorkload = () => (logged ??= buildLoggedWorkload());

async function buildLoggedWorkload(): Promise<{ log: AuditLog; entries: LogEntry[] }> {
  const log = new AuditLog({ store: new MemoryAuditStore(), signer: parseSignerKey(generateSignerKey('stats.test/log')) });
  for (const e of syntheticWorkload(ACTIONS, 7)) await log.append(e);
  const entries: LogEntry[] = [];
  for await (const e of log.entries()) entries.push(e);
  return { log, entries };
}

/**
 * The independent recount: for one cell, walk every raw entry and ask the questions of
 * docs/audit.md directly, without the aggregation code.
 */
function recount(entries: LogEntry[], agency: string, gallery: string, purpose: string, period: string): Record<string, number> {
  const c: Record<string, number> = Object.fromEntries(statisticColumns.map((k) => [k, 0]));
  for (const e of entries) {
    if (e.actor.agency !== agency || (e.purpose ?? NONE) !== purpose || !e.time.startsWith(period)) continue;
    const names = e.galleries && e.galleries.length > 0 ? e.galleries : [NONE];
    const inGallery = names.includes(gallery);
    // Refused and failed actions count only as refusals.
    if (e.outcome !== 'ok') {
      if (inGallery) c.refusals! += 1;
      continue;
    }
    if (e.action === 'search.end') {
      if (inGallery) c.searches! += 1;
      const g = e.result?.byGallery?.[gallery];
      if (g) {
        c.candidates! += g.candidates ?? 0;
        c.potentialHits! += g.potentialHits ?? 0;
      }
    }
    if (e.action === 'hit.concluded' && e.decision === 'confirmed' && inGallery) c.confirmedHits! += 1;
    if (e.action === 'disclosure.decision' && inGallery) {
      if (e.decision === 'approved') c.disclosuresApproved! += 1;
      if (e.decision === 'denied') c.disclosuresDenied! += 1;
    }
    if (e.action === 'verification' && inGallery) c.verifications! += 1;
    if (e.action === 'erasure' && inGallery) c.erasures! += 1;
  }
  return c;
}

const pick = (r: StatisticsRow) => Object.fromEntries(statisticColumns.map((k) => [k, r[k]]));

test(`statistics over ${ACTIONS} logged actions equal an independent recount of the raw entries, cell by cell`, async () => {
  const { log, entries } = await loggedWorkload();
  assert.equal(entries.length, ACTIONS);
  const rows = await computeStatisticsFrom(log.entries(), { by: 'year' });
  assert.ok(rows.length > 50, `${rows.length} rows`);
  for (const r of rows) assert.deepEqual(pick(r), recount(entries, r.agency, r.gallery, r.purpose, r.period), JSON.stringify(r));
  // Nothing was left out: the totals equal sums over the raw entries.
  const t = totals(rows);
  const ends = entries.filter((e) => e.action === 'search.end' && e.outcome === 'ok');
  assert.equal(t.searches, ends.reduce((s, e) => s + e.galleries!.length, 0), 'a search counts once it ended well, never at its start');
  assert.equal(t.refusals, entries.filter((e) => e.outcome !== 'ok').reduce((s, e) => s + (e.galleries?.length || 1), 0));
  assert.ok(t.refusals > 0);
  assert.equal(t.candidates, ends.reduce((s, e) => s + Object.values(e.result?.byGallery ?? {}).reduce((x, g) => x + (g.candidates ?? 0), 0), 0));
  assert.equal(t.confirmedHits, entries.filter((e) => e.action === 'hit.concluded' && e.decision === 'confirmed').reduce((s, e) => s + e.galleries!.length, 0));
  assert.equal(t.disclosuresApproved + t.disclosuresDenied, entries.filter((e) => e.action === 'disclosure.decision').length);
  assert.equal(t.verifications, entries.filter((e) => e.action === 'verification').length);
  assert.ok(t.searches > 0 && t.potentialHits > 0 && t.confirmedHits > 0 && t.disclosuresDenied > 0 && t.erasures > 0);
});

test('months add up to their year, and an auditor scope shows exactly the rows of their agency', async () => {
  const { entries } = await loggedWorkload();
  const years = computeStatistics(entries, { by: 'year' });
  const months = computeStatistics(entries, { by: 'month' });
  for (const y of years) {
    const sum = months.filter((m) => m.agency === y.agency && m.gallery === y.gallery && m.purpose === y.purpose && m.period.startsWith(`${y.period}-`));
    assert.deepEqual(pick({ ...y, ...totals(sum) }), pick(y));
  }
  const agency = workloadAgencies[1]!;
  const scoped = computeStatistics(entries, { by: 'year', agencies: [agency] });
  assert.deepEqual(scoped, years.filter((r) => r.agency === agency));
  assert.ok(scoped.length > 0);
  const in2025 = computeStatistics(entries, { from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
  assert.deepEqual(in2025, years.filter((r) => r.period === '2025'));
});

test('CSV has one line per row plus a header, quotes what needs quoting and defuses formulas', () => {
  const rows = computeStatistics([
    { v: 1, time: '2026-03-01T10:00:00.000Z', actor: { user: 'u', agency: 'a,b', role: 'operator' }, action: 'verification', outcome: 'ok', purpose: '=cmd()', galleries: ['g"1'] },
  ]);
  const csv = statisticsToCsv(rows);
  assert.equal(csv, 'agency,gallery,purpose,period,searches,candidates,potentialHits,confirmedHits,disclosuresApproved,disclosuresDenied,verifications,erasures,refusals\r\n"a,b","g""1",\'=cmd(),2026,0,0,0,0,0,0,1,0,0\r\n');
});

test('the table lists every row and a totals line', async () => {
  const { entries } = await loggedWorkload();
  const rows = computeStatistics(entries.slice(0, 300));
  const table = renderStatisticsTable(rows).trimEnd().split('\n');
  assert.equal(table.length, rows.length + 4);
  assert.match(table.at(-1)!, new RegExp(`^total\\s+${totals(rows).searches}\\s+${totals(rows).candidates}\\b`));
  assert.match(renderStatisticsTable([]), /\(no counted entries in this scope and period\)\n-+/);
});

const entryOf = (agency: string, action: string, galleries: string[], extra: Partial<LogEntry> = {}): LogEntry => ({
  v: 1, time: '2026-05-01T10:00:00.000Z', actor: { user: `${agency}-op`, agency, role: 'operator' }, action, outcome: 'ok', purpose: 'p', galleries, ...extra,
});

test("an owner's scope adds other agencies' actions about its galleries, for those galleries only", () => {
  const entries = [
    entryOf('C', 'search.end', ['gB', 'gD'], { result: { byGallery: { gB: { candidates: 2, potentialHits: 2 }, gD: { candidates: 5, potentialHits: 5 } } } }),
    entryOf('C', 'search.end', ['gB'], { outcome: 'denied', reason: 'ABG_ERR_NO_AGREEMENT' }),
    entryOf('C', 'verification', ['gD']),
    entryOf('B', 'verification', ['gX']),
  ];
  const rows = computeStatistics(entries, { agencies: ['B'], galleries: ['gB'] });
  assert.deepEqual(rows.map((r) => [r.agency, r.gallery, r.searches, r.candidates, r.refusals, r.verifications]), [
    ['B', 'gX', 0, 0, 0, 1],
    ['C', 'gB', 1, 2, 1, 0],
  ]);
  assert.deepEqual(computeStatistics(entries, { agencies: ['B'] }).map((r) => r.agency), ['B'], 'without galleries: the agency\'s own actions only');
});

test('refusals are broken down by agency, gallery, action, outcome and error code; table and CSV list them', async () => {
  const entries = [
    entryOf('C', 'search.end', ['gB'], { outcome: 'denied', reason: 'ABG_ERR_NO_AGREEMENT' }),
    entryOf('C', 'search.end', ['gB'], { outcome: 'denied', reason: 'ABG_ERR_NO_AGREEMENT' }),
    entryOf('C', 'search.end', ['gB'], { outcome: 'failed', reason: 'ABG_ERR_NO_FACE' }),
    entryOf('C', 'disclosure.read', [], { outcome: 'denied', reason: 'ABG_ERR_FORBIDDEN' }),
    entryOf('C', 'search.end', ['gB']),
  ];
  const rows = await computeRefusalsFrom(entries);
  assert.deepEqual(rows.map((r) => [r.gallery, r.action, r.outcome, r.reason, r.count]), [
    [NONE, 'disclosure.read', 'denied', 'ABG_ERR_FORBIDDEN', 1],
    ['gB', 'search.end', 'denied', 'ABG_ERR_NO_AGREEMENT', 2],
    ['gB', 'search.end', 'failed', 'ABG_ERR_NO_FACE', 1],
  ]);
  assert.deepEqual(await computeRefusalsFrom(entries, { agencies: ['B'], galleries: ['gB'] }), rows.slice(1), "the owner sees the refusals about its galleries");
  assert.equal(refusalsToCsv(rows).split('\r\n')[0], 'agency,gallery,action,outcome,reason,period,count');
  assert.match(renderRefusalsTable(rows).trimEnd().split('\n').at(-1)!, /^total\s+4$/);
});
