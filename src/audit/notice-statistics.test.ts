import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogEntryInput } from './entry.ts';
import { computeNoticeCountsFrom } from './notice-statistics.ts';
import { newTestLog } from '../testing/test-log.ts';

const actor = (agency: string) => ({ user: `${agency}-officer`, agency, role: 'owner-officer' as const });

/** Notices circulated by A to B and C over two years: accepts naming two galleries, answers with and without a hit, a decline, a disclosure, a refused accept. */
function noticeEntries(): LogEntryInput[] {
  const out: LogEntryInput[] = [];
  for (let i = 0; i < 40; i++) {
    const at = (h: number) => new Date(Date.UTC(2025, 9, 1) + i * 9 * 86_400_000 + h * 3_600_000).toISOString();
    const object = { type: 'notice', id: `n-${i}` };
    out.push({ time: at(1), actor: actor('A'), action: 'notice.circulate', outcome: 'ok', purpose: 'search', object, recipients: ['B', 'C'], decision: 'approved' });
    if (i % 4 === 3) out.push({ time: at(2), actor: actor('B'), action: 'notice.decline', outcome: 'ok', object, decision: 'declined', recipients: ['A'] });
    else out.push({ time: at(2), actor: actor('B'), action: 'notice.accept', outcome: 'ok', galleries: ['g-b1', 'g-b2'], object, decision: 'accepted' });
    out.push({ time: at(3), actor: actor('C'), action: 'notice.accept', outcome: i % 5 ? 'ok' : 'denied', ...(i % 5 ? {} : { reason: 'ABG_ERR_FORBIDDEN' }), galleries: ['g-c1'], object });
    out.push({ time: at(20), actor: actor('C'), action: 'notice.answer', outcome: 'ok', galleries: ['g-c1'], object, decision: i % 3 ? 'no-hit' : 'hit', recipients: ['A'] });
    if (i % 3 === 0) out.push({ time: at(30), actor: actor('C'), action: 'notice.disclosed', outcome: 'ok', object, decision: 'approved', recipients: ['A'] });
  }
  return out;
}

test('notice counts come from the counters and equal a count of the entries, for whole years, dates and times inside days', async () => {
  const { log } = newTestLog();
  const entries = noticeEntries();
  for (const e of entries) await log.append(e);
  const times = entries.map((e) => e.time!);
  const queries = [{}, { agencies: ['C'] }, { from: '2025-11-01', to: '2026-02-15' }, { from: times[17]!, to: times[130]! }, { from: times[40]!, to: times[41]!, agencies: ['B', 'C'] }];
  for (const q of queries) assert.deepEqual(await log.noticeCounts(q), await computeNoticeCountsFrom(log.entries(), q), JSON.stringify(q));
  // An accept naming two galleries counts once; received counts once per recipient.
  const all = await log.noticeCounts({});
  const sum = (agency: string, c: 'accepted' | 'received' | 'issued') => all.filter((r) => r.agency === agency).reduce((n, r) => n + r[c], 0);
  assert.deepEqual([sum('A', 'issued'), sum('B', 'received'), sum('C', 'received'), sum('B', 'accepted'), sum('C', 'accepted')], [40, 40, 40, 30, 32]);
  // The counters behind them are recounted by stats verify like every other counter.
  assert.deepEqual((await log.verifyStatistics()).differences, []);
});
