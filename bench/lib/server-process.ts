// A real `abgleich serve` process on loopback for benchmarks that attack the server from outside:
// start, stop, kill -9, peak memory from /proc, and requests that never wait forever.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../bin/abgleich.js', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** True once the process has exited (crashed or stopped). */
  exited(): boolean;
  /** Resident memory now and at its peak (VmRSS, VmHWM), in MB; null where /proc is absent. */
  memoryMb(): { rss: number; peak: number } | null;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

/** Starts `abgleich serve` on a free loopback port over `dataDir` and waits until it listens. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', dataDir], {
    env: { ...process.env, ABGLEICH_LOG_LEVEL: 'silent', ABGLEICH_RATE_LIMIT: '1000000', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => { exitCode = code; resolve(); }));
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', () => { clearTimeout(timer); reject(new Error(`server exited: ${err}`)); });
  });
  const status = `/proc/${child.pid}/status`;
  return {
    url,
    child,
    exited: () => exitCode !== undefined,
    memoryMb() {
      if (!existsSync(status)) return null;
      const text = readFileSync(status, 'utf8');
      const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
      return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
    },
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
      await exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs the CLI to completion. */
export function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Answer {
  /** HTTP status, or null when the connection failed or the request hung past its deadline. */
  status: number | null;
  hung: boolean;
  body: string;
  ms: number;
}

/** A fetch that gives up after `timeoutMs` and never throws. */
export async function request(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Answer> {
  const t0 = performance.now();
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), init.timeoutMs ?? 30_000);
  try {
    const res = await fetch(url, { ...init, signal: ctl.signal });
    const body = await res.text();
    return { status: res.status, hung: false, body, ms: performance.now() - t0 };
  } catch (e) {
    return { status: null, hung: ctl.signal.aborted, body: String(e), ms: performance.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
}
