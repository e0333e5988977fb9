// How a statistics query over [from, to) is answered from counters: whole years, months, days and
// hours from the grains that fit, the parts of (at most two) hours at its bounds from the entries.
import { grainLengths, type CounterGrain, type CounterRange } from './statistics-counters.ts';

/** How a query over [from, to) is answered: whole periods from counters, the rest of the partial hours (days, without hour counters) from the log. */
export interface CounterPlan {
  ranges: CounterRange[];
  /** Time ranges [from, to) to count from the log entries themselves (inside at most two hours, or two days when hours are not read). */
  scans: Array<{ from: string; to: string }>;
}

const pad = (n: number) => String(n).padStart(2, '0');
const nextMonth = (m: string) => {
  const [y, mo] = [Number(m.slice(0, 4)), Number(m.slice(5, 7))];
  return mo === 12 ? `${y + 1}-01` : `${y}-${pad(mo + 1)}`;
};
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
const nextHour = (h: string) => new Date(Date.parse(`${h}:00:00.000Z`) + 3_600_000).toISOString().slice(0, 13);
/** The first whole year or month that starts on or after day `d`. */
const firstWhole = (d: string, grain: 'year' | 'month') =>
  grain === 'year' ? (d.endsWith('-01-01') ? d.slice(0, 4) : String(Number(d.slice(0, 4)) + 1)) : d.endsWith('-01') ? d.slice(0, 7) : nextMonth(d.slice(0, 7));
/** The first day of a year or month. */
const firstDay = (period: string) => (period.length === 4 ? `${period}-01-01` : `${period}-01`);
const opt = (lo?: string, hi?: string) => ({ ...(lo !== undefined ? { from: lo } : {}), ...(hi !== undefined ? { to: hi } : {}) });

/** Covers the days [lo, hi) (open when absent) with whole periods of the coarsest grain that fits, the edges with finer ones. */
function cover(lo: string | undefined, hi: string | undefined, grains: readonly CounterGrain[], ranges: CounterRange[]): void {
  if (lo !== undefined && hi !== undefined && lo >= hi) return;
  const [grain, ...finer] = grains;
  if (grain === undefined || grain === 'day' || grain === 'hour') {
    ranges.push({ grain: 'day', ...opt(lo, hi) });
    return;
  }
  const unitLo = lo === undefined ? undefined : firstWhole(lo, grain);
  const unitHi = hi?.slice(0, grainLengths[grain]);
  if (unitLo !== undefined && unitHi !== undefined && unitLo >= unitHi) return cover(lo, hi, finer, ranges);
  ranges.push({ grain, ...opt(unitLo, unitHi) });
  if (lo !== undefined && lo < firstDay(unitLo!)) cover(lo, firstDay(unitLo!), finer, ranges);
  if (hi !== undefined && firstDay(unitHi!) < hi) cover(firstDay(unitHi!), hi, finer, ranges);
}

/** Whether time `t` is the first instant of hour `h` as entries write their times (toISOString). */
const startsHour = (t: string, h: string) => t === `${h}:00:00.000Z`;

/**
 * Splits a query's time range into counter ranges and short log scans (times compare as text, as
 * entries do). `grains` are the grains it may read, coarsest first: an answer by month cannot use
 * years; without `hour`, the partial days at the bounds are scanned (as before hour counters).
 */
export function planCounters(from?: string, to?: string, grains: readonly CounterGrain[] = ['month', 'day', 'hour']): CounterPlan {
  if (from !== undefined && to !== undefined && from >= to) return { ranges: [], scans: [] };
  if (!grains.includes('hour')) return planDays(from, to, grains);
  // The first whole hour at or after `from` (a date is its day's first hour; a time shorter than an hour's is inside its day).
  const hourLo = from === undefined ? undefined
    : from.length === 10 ? `${from}T00`
    : from.length < 13 ? `${nextDay(from.slice(0, 10))}T00`
    : startsHour(from, from.slice(0, 13)) ? from.slice(0, 13) : nextHour(from.slice(0, 13));
  // The hour that `to` falls in (a period compares below every entry time inside it).
  const hourHi = to === undefined ? undefined : to.length < 13 ? `${to.slice(0, 10)}T00` : to.slice(0, 13);
  if (hourLo !== undefined && hourHi !== undefined && hourLo > hourHi) return { ranges: [], scans: [{ from: from!, to: to! }] };
  const scans: CounterPlan['scans'] = [];
  if (from !== undefined && from.length !== 10 && !startsHour(from, hourLo!)) scans.push({ from, to: hourLo! });
  if (to !== undefined && hourHi! < to && !startsHour(to, hourHi!)) scans.push({ from: hourHi!, to });
  const ranges: CounterRange[] = [];
  const hours = (lo: string | undefined, hi: string | undefined) => {
    if (lo === undefined || hi === undefined || lo < hi) ranges.push({ grain: 'hour', ...opt(lo, hi) });
  };
  // The whole days among the whole hours, read from coarser counters; the hours at their edges from hour counters.
  const dayLo = hourLo === undefined ? undefined : hourLo.endsWith('T00') ? hourLo.slice(0, 10) : nextDay(hourLo.slice(0, 10));
  const dayHi = hourHi?.slice(0, 10);
  if (dayLo !== undefined && dayHi !== undefined && dayLo > dayHi) {
    hours(hourLo, hourHi);
    return { ranges, scans };
  }
  cover(dayLo, dayHi, grains.filter((g) => g !== 'hour'), ranges);
  if (hourLo !== undefined && hourLo < `${dayLo}T00`) hours(hourLo, `${dayLo}T00`);
  if (hourHi !== undefined && `${dayHi}T00` < hourHi) hours(`${dayHi}T00`, hourHi);
  return { ranges, scans };
}

/** The plan without hour counters: whole days from counters, the partial days at the bounds from the log. */
function planDays(from: string | undefined, to: string | undefined, grains: readonly CounterGrain[]): CounterPlan {
  // The first whole day at or after `from`; the day that `to` falls in.
  const dayLo = from === undefined ? undefined : from.length === 10 ? from : nextDay(from.slice(0, 10));
  const dayHi = to?.slice(0, 10);
  if (dayLo !== undefined && dayHi !== undefined && dayLo > dayHi) return { ranges: [], scans: [{ from: from!, to: to! }] };
  const scans: CounterPlan['scans'] = [];
  if (from !== undefined && dayLo !== undefined && from < dayLo) scans.push({ from, to: dayLo });
  if (to !== undefined && dayHi !== undefined && dayHi < to) scans.push({ from: dayHi, to });
  const ranges: CounterRange[] = [];
  cover(dayLo, dayHi, grains, ranges);
  return { ranges, scans };
}
