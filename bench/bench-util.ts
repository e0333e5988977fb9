// Helpers shared by the index benchmarks: timing, percentiles, memory, argument parsing.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc') as () => void;

/** Runs a full garbage collection, so that RSS deltas mean something. */
export function gc(): void {
  gcFn();
  gcFn();
}

export function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 2 ** 20);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function summary(latenciesMs: number[]): { p50: number; p99: number; mean: number } {
  const s = [...latenciesMs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { p50: round(percentile(s, 0.5)), p99: round(percentile(s, 0.99)), mean: round(mean) };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `--name=a,b` as a list of numbers, or the default. */
export function listArg(name: string, fallback: number[]): number[] {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3).split(',').map(Number) : fallback;
}

export function stringListArg(name: string, fallback: string[]): string[] {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3).split(',') : fallback;
}

export const now = (): number => performance.now();

/** CPU time of this process (all threads) in milliseconds: robust to other jobs on the machine. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
