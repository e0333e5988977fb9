// A pool of worker threads that decode and PDQ-hash photos in parallel (one per core by default).
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { AbgError, type ErrorCode } from '../../domain/errors.ts';
import type { PdqValue } from './index.ts';
import type { DecodeLimits } from '../../media/decode.ts';

interface Job { id: number; bytes: Uint8Array; autoOrient: boolean; dihedral: boolean; resolve: (v: PdqValue & { variants?: string[] }) => void; reject: (e: Error) => void }

// Running from TypeScript sources, a worker does not inherit this thread's loader hooks, so a
// small bootstrap registers tsx in the worker before importing the worker module.
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${api}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true });
}

export class PdqPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 0;

  private closed = false;

  /** `reducedMinSide`: decode large JPEGs reduced for hashing (decode.ts `reducedMinSide`); default full decode, as the reference hashes are made. */
  constructor(size = availableParallelism(), private readonly decodeLimits: Partial<DecodeLimits> = {}, private readonly reducedMinSide?: number) {
    for (let i = 0; i < Math.max(1, size); i++) this.spawn();
  }

  private spawn(): void {
    const w = startWorker(new URL(import.meta.url.endsWith('.ts') ? './pdq-worker.ts' : './pdq-worker.js', import.meta.url));
    w.on('message', (msg: { id: number; value?: PdqValue; error?: { code: ErrorCode; message: string } }) => this.finish(w, msg));
    // A worker that dies fails its job and is replaced, so the pool never waits on a dead thread.
    w.on('exit', () => {
      const job = this.running.get(w);
      this.running.delete(w);
      this.all.splice(this.all.indexOf(w), 1);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      if (this.closed) return;
      job?.reject(new AbgError('ABG_ERR_INTERNAL', 'A hashing worker stopped.'));
      this.spawn();
      this.pump();
    });
    w.on('error', () => {});
    this.all.push(w);
    this.idle.push(w);
  }

  /** Decodes and hashes one photo on a free worker. */
  hash(bytes: Uint8Array, options: { autoOrient?: boolean } = {}): Promise<PdqValue> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, autoOrient: options.autoOrient ?? true, dihedral: false, resolve, reject });
      this.pump();
    });
  }

  /** Decodes a photo once and returns its hash with all 8 dihedral variants (DIHEDRAL_NAMES order). */
  hashDihedral(bytes: Uint8Array, options: { autoOrient?: boolean } = {}): Promise<PdqValue & { variants: string[] }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, autoOrient: options.autoOrient ?? true, dihedral: true, resolve: resolve as Job['resolve'], reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(w, job);
      w.postMessage({ id: job.id, bytes: job.bytes, autoOrient: job.autoOrient, dihedral: job.dihedral, limits: this.decodeLimits, reducedMinSide: this.reducedMinSide });
    }
  }

  private finish(w: Worker, msg: { value?: PdqValue & { variants?: string[] }; error?: { code: ErrorCode; message: string } }): void {
    const job = this.running.get(w);
    this.running.delete(w);
    this.idle.push(w);
    if (job) {
      if (msg.value) job.resolve(msg.value);
      else {
        const e = new AbgError(msg.error?.code ?? 'ABG_ERR_INTERNAL');
        e.message = msg.error?.message ?? e.message;
        job.reject(e);
      }
    }
    this.pump();
  }
}
