import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planCounters } from './counter-plan.ts';

/** A planned counter range: periods of `grain` from `from` up to `to` (exclusive). */
const range = (grain: string, from: string, to: string) => ({ grain, from, to });

test('a query inside one day is counted from its entries when hours are not read; whole months and days come from counters', () => {
  const days = ['month', 'day'] as const;
  assert.deepEqual(planCounters(undefined, undefined, days), { ranges: [{ grain: 'month' }], scans: [] });
  assert.deepEqual(planCounters('2026-01-01', '2027-01-01', days), { ranges: [range('month', '2026-01', '2027-01')], scans: [] });
  assert.deepEqual(planCounters('2026-01-15T10:00:00.000Z', '2026-03-05T12:00:00.000Z', days), {
    ranges: [range('month', '2026-02', '2026-03'), range('day', '2026-01-16', '2026-02-01'), range('day', '2026-03-01', '2026-03-05')],
    scans: [{ from: '2026-01-15T10:00:00.000Z', to: '2026-01-16' }, { from: '2026-03-05', to: '2026-03-05T12:00:00.000Z' }],
  });
  assert.deepEqual(planCounters('2026-01-15T10:00:00.000Z', '2026-01-15T11:00:00.000Z', days), { ranges: [], scans: [{ from: '2026-01-15T10:00:00.000Z', to: '2026-01-15T11:00:00.000Z' }] });
  assert.deepEqual(planCounters('2026-02-01', '2026-01-01', days), { ranges: [], scans: [] });
});

test('bounds inside days read the whole hours at the edges from hour counters; only the parts of the hours at the bounds come from entries', () => {
  assert.deepEqual(planCounters(), { ranges: [{ grain: 'month' }], scans: [] });
  // Dates, and times at the first instant of an hour, scan nothing.
  assert.deepEqual(planCounters('2026-01-01', '2027-01-01'), { ranges: [range('month', '2026-01', '2027-01')], scans: [] });
  assert.deepEqual(planCounters('2026-01-15T10:00:00.000Z', '2026-03-05T12:00:00.000Z'), {
    ranges: [
      range('month', '2026-02', '2026-03'), range('day', '2026-01-16', '2026-02-01'), range('day', '2026-03-01', '2026-03-05'),
      range('hour', '2026-01-15T10', '2026-01-16T00'), range('hour', '2026-03-05T00', '2026-03-05T12'),
    ],
    scans: [],
  });
  // Times inside hours: the rest of those two hours from the entries.
  assert.deepEqual(planCounters('2026-01-15T10:17:03.250Z', '2026-03-05T12:40:00.000Z').scans, [
    { from: '2026-01-15T10:17:03.250Z', to: '2026-01-15T11' }, { from: '2026-03-05T12', to: '2026-03-05T12:40:00.000Z' },
  ]);
  assert.deepEqual(planCounters('2026-01-15T10:17:03.250Z', '2026-03-05T12:40:00.000Z').ranges.filter((r) => r.grain === 'hour'), [
    range('hour', '2026-01-15T11', '2026-01-16T00'), range('hour', '2026-03-05T00', '2026-03-05T12'),
  ]);
  // Inside one day: hours only; inside one hour: the entries only.
  assert.deepEqual(planCounters('2026-01-15T03:30:00.000Z', '2026-01-15T21:15:00.000Z'), {
    ranges: [range('hour', '2026-01-15T04', '2026-01-15T21')],
    scans: [{ from: '2026-01-15T03:30:00.000Z', to: '2026-01-15T04' }, { from: '2026-01-15T21', to: '2026-01-15T21:15:00.000Z' }],
  });
  assert.deepEqual(planCounters('2026-01-15T10:05:00.000Z', '2026-01-15T10:55:00.000Z'), { ranges: [], scans: [{ from: '2026-01-15T10:05:00.000Z', to: '2026-01-15T10:55:00.000Z' }] });
  // The last hour of a day and the first of the next.
  assert.deepEqual(planCounters('2026-12-31T23:30:00.000Z', '2027-01-01T00:30:00.000Z'), {
    ranges: [],
    scans: [{ from: '2026-12-31T23:30:00.000Z', to: '2027-01-01T00' }, { from: '2027-01-01T00', to: '2027-01-01T00:30:00.000Z' }],
  });
  // Open at one end.
  assert.deepEqual(planCounters(undefined, '2026-03-05T12:40:00.000Z'), {
    ranges: [{ grain: 'month', to: '2026-03' }, range('day', '2026-03-01', '2026-03-05'), range('hour', '2026-03-05T00', '2026-03-05T12')],
    scans: [{ from: '2026-03-05T12', to: '2026-03-05T12:40:00.000Z' }],
  });
  assert.deepEqual(planCounters('2026-02-01', '2026-01-01'), { ranges: [], scans: [] });
});

test('an answer by year reads whole years from year counters, the months and days at its edges from theirs', () => {
  const byYear = ['year', 'month', 'day', 'hour'] as const;
  assert.deepEqual(planCounters(undefined, undefined, byYear), { ranges: [{ grain: 'year' }], scans: [] });
  assert.deepEqual(planCounters('2024-01-01', '2026-01-01', byYear), { ranges: [range('year', '2024', '2026')], scans: [] });
  assert.deepEqual(planCounters('2024-03-17', '2026-02-10', byYear).ranges, [
    range('year', '2025', '2026'),
    range('month', '2024-04', '2025-01'),
    range('day', '2024-03-17', '2024-04-01'),
    range('month', '2026-01', '2026-02'),
    range('day', '2026-02-01', '2026-02-10'),
  ]);
  // No whole year inside: months and days as before.
  assert.deepEqual(planCounters('2024-03-17', '2024-11-09', byYear), planCounters('2024-03-17', '2024-11-09'));
  assert.deepEqual(planCounters('2024-03-17T08:30:00.000Z', '2026-02-10T17:00:00.000Z', byYear), {
    ranges: [
      range('year', '2025', '2026'),
      range('month', '2024-04', '2025-01'),
      range('day', '2024-03-18', '2024-04-01'),
      range('month', '2026-01', '2026-02'),
      range('day', '2026-02-01', '2026-02-10'),
      range('hour', '2024-03-17T09', '2024-03-18T00'),
      range('hour', '2026-02-10T00', '2026-02-10T17'),
    ],
    scans: [{ from: '2024-03-17T08:30:00.000Z', to: '2024-03-17T09' }],
  });
});
