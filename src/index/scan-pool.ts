// A small pool of worker threads that split one flat scan across cores. The matrix lives in a
// SharedArrayBuffer (or shared WebAssembly memory for the compact kernel), so a job carries only
// the row range and the query.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { kernelScan, type KernelJob } from './exact-kernel.ts';
import { dotF32, insert, scanF32, scanI8, scanRows } from './flat-kernels.ts';
import { PartitionedVectorIndex, type VectorShard } from './vector-partitions.ts';

// The worker runs the very kernel functions of the main thread, passed as source text: this needs
// no loader for TypeScript in the worker, whether the project runs through tsx or compiled.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
${insert.toString()}
${dotF32.toString()}
const dotI8 = new Function('return ' + dotF32.toString())();
${scanRows.toString()}
${scanF32.toString()}
${scanI8.toString()}
${kernelScan.toString()}
const instances = new Map();
parentPort.on('message', (job) => {
  if (job.drop !== undefined) { instances.delete(job.drop); return; }
  if (job.kernel) {
    const { key, module, memory } = job.kernel;
    let instance = instances.get(key);
    if (!instance) instances.set(key, (instance = new WebAssembly.Instance(module, { env: { memory, abort() {} } })));
    parentPort.postMessage({ id: job.id, rows: kernelScan(instance.exports.scan, memory.buffer, job.kernel.job) });
    return;
  }
  const slots = new Int32Array(job.k);
  const scores = new Float32Array(job.k);
  const n = job.scales
    ? scanI8(new Int8Array(job.data), new Float32Array(job.scales), job.dim, job.from, job.to, job.query, job.k, slots, scores)
    : scanF32(new Float32Array(job.data), job.dim, job.from, job.to, job.query, job.k, slots, scores);
  parentPort.postMessage({ id: job.id, n, slots, scores });
});
`;

/** A compact-kernel call: the block's memory and the module travel with it (both are shared, not copied). */
export interface KernelScanJob {
  id: number;
  kernel: { key: number; module: WebAssembly.Module; memory: WebAssembly.Memory; job: KernelJob };
}

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

export interface KernelScanReply {
  id: number;
  /** Candidate rows of the block, or null when the range must be scanned in float32. */
  rows: Int32Array | null;
}

export class ScanPool {
  readonly size: number;
  #workers: Worker[] = [];
  #busy: number[] = [];
  #pending = new Map<number, { worker: number; resolve: (r: ScanReply & KernelScanReply) => void; reject: (e: Error) => void }>();
  #next = 0;
  #rr = 0;

  constructor(threads: number) {
    this.size = threads;
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on('message', (r: ScanReply & KernelScanReply) => {
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

  /** Runs a job on the given worker (default: the next in turn). */
  run(job: Omit<ScanJob, 'id'>, worker?: number): Promise<ScanReply>;
  run(job: Omit<KernelScanJob, 'id'>, worker?: number): Promise<KernelScanReply>;
  run(job: Omit<ScanJob, 'id'> | Omit<KernelScanJob, 'id'>, worker = this.#rr++ % this.#workers.length): Promise<ScanReply | KernelScanReply> {
    const id = this.#next++;
    const w = this.#workers[worker]!;
    if (this.#busy[worker]!++ === 0) w.ref();
    return new Promise<ScanReply & KernelScanReply>((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      w.postMessage({ ...job, id });
    });
  }

  /** Tells every worker to forget its kernel instance over a block given up. */
  drop(key: number): void {
    for (const w of this.#workers) w.postMessage({ drop: key });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#workers = [];
  }
}

/** A partitioned index whose large scans split across a worker pool, started on first need and closed with the index. */
export abstract class PooledVectorIndex<S extends VectorShard> extends PartitionedVectorIndex<S> {
  readonly threads: number;
  #pool: ScanPool | undefined;

  /** `threads`: 0 or 1 scans on the calling thread; default: cores, at most 4. */
  constructor(dimension: number, threads?: number) {
    super(dimension);
    this.threads = threads ?? Math.min(4, availableParallelism());
  }

  /** The worker pool, started on first need. */
  pool(): ScanPool | undefined {
    if (this.threads < 2) return undefined;
    this.#pool ??= new ScanPool(this.threads);
    return this.#pool;
  }

  /** The pool if it was started. */
  startedPool(): ScanPool | undefined {
    return this.#pool;
  }

  protected config(): Record<string, unknown> {
    return {};
  }

  override async close(): Promise<void> {
    await super.close();
    await this.#pool?.close();
    this.#pool = undefined;
  }
}
