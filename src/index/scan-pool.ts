// A small pool of worker threads that split one flat scan across cores. The matrix lives in a
// SharedArrayBuffer, so a job carries only the row range and the query.
import { Worker } from 'node:worker_threads';
import { insert, scanF32, scanI8 } from './flat-kernels.ts';

// The worker runs the very kernel functions of the main thread, passed as source text: this needs
// no loader for TypeScript in the worker, whether the project runs through tsx or compiled.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
${insert.toString()}
${scanF32.toString()}
${scanI8.toString()}
parentPort.on('message', (job) => {
  const slots = new Int32Array(job.k);
  const scores = new Float32Array(job.k);
  const n = job.scales
    ? scanI8(new Int8Array(job.data), new Float32Array(job.scales), job.dim, job.from, job.to, job.query, job.k, slots, scores)
    : scanF32(new Float32Array(job.data), job.dim, job.from, job.to, job.query, job.k, slots, scores);
  parentPort.postMessage({ id: job.id, n, slots, scores });
});
`;

export interface ScanJob {
  id: number;
  data: SharedArrayBuffer;
  scales?: SharedArrayBuffer;
  dim: number;
  from: number;
  to: number;
  query: Float32Array;
  k: number;
}

export interface ScanReply {
  id: number;
  n: number;
  slots: Int32Array;
  scores: Float32Array;
}

export class ScanPool {
  readonly size: number;
  #workers: Worker[] = [];
  #busy: number[] = [];
  #pending = new Map<number, { worker: number; resolve: (r: ScanReply) => void; reject: (e: Error) => void }>();
  #next = 0;
  #rr = 0;

  constructor(threads: number) {
    this.size = threads;
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on('message', (r: ScanReply) => {
        const p = this.#pending.get(r.id);
        if (!p) return;
        this.#pending.delete(r.id);
        // An idle worker must not keep the process alive; a busy one must.
        if (--this.#busy[p.worker]! === 0) w.unref();
        p.resolve(r);
      });
      w.on('error', (e) => {
        for (const p of this.#pending.values()) p.reject(e);
        this.#pending.clear();
      });
      w.unref();
      this.#workers.push(w);
      this.#busy.push(0);
    }
  }

  run(job: Omit<ScanJob, 'id'>): Promise<ScanReply> {
    const id = this.#next++;
    const worker = this.#rr++ % this.#workers.length;
    const w = this.#workers[worker]!;
    if (this.#busy[worker]!++ === 0) w.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      w.postMessage({ ...job, id });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#workers = [];
  }
}
