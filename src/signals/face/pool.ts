// A pool of worker threads for face analysis: one model instance per worker, sized to the
// cores, a per-task timeout, and a crashed or timed-out worker replaced by a fresh one. The
// HTTP event loop only posts bytes and receives results.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { AbgError, fail } from '../../domain/errors.ts';
import type { DecodeLimits } from '../../media/decode.ts';
import type { FaceAnalysis } from './pipeline.ts';
import type { QualityThresholds } from './quality.ts';
import type { FaceLandmarks } from './types.ts';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './worker-protocol.ts';
import { resolveModel } from './models.ts';
import { defaultNetworkRuntime } from './default-network-runtime.ts';

export interface FacePoolOptions {
  /** Model id or alias; the default model when absent. */
  model?: string;
  /** Worker count; the number of cores when absent. */
  size?: number;
  /** Milliseconds one image may take before its worker is replaced (default 60 000). */
  taskTimeoutMs?: number;
  thresholds?: QualityThresholds;
  decodeLimits?: Partial<DecodeLimits>;
}

interface Task {
  id: number;
  bytes: Uint8Array;
  allFaces: boolean;
  landmarks?: FaceLandmarks;
  resolve(a: FaceAnalysis): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

const workerUrl = new URL('./worker-bootstrap.mjs', import.meta.url);

export class FaceWorkerPool {
  readonly model: string;
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private readonly init: WorkerInit;
  private readonly timeoutMs: number;
  private nextId = 1;
  private closed = false;
  private replaced = 0;
  private readyWaiters: (() => void)[] = [];
  private fatal: Error | undefined;

  constructor(options: FacePoolOptions = {}) {
    const entry = resolveModel(options.model);
    this.model = entry.id;
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.timeoutMs = options.taskTimeoutMs ?? 60_000;
    this.init = {
      model: this.model,
      defaultRuntime: defaultNetworkRuntime(),
      ...(entry.onnx ? { onnx: entry.onnx } : {}),
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      ...(options.decodeLimits ? { decode: { limits: options.decodeLimits } } : {}),
    };
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  /** Resolves once every worker has loaded its models. */
  async ready(): Promise<void> {
    while (!this.fatal && [...this.slots].some((s) => !s.ready)) await new Promise<void>((r) => this.readyWaiters.push(r));
    if (this.fatal) throw this.fatal;
  }

  /** Workers replaced so far after a crash or a timeout. */
  get replacements(): number {
    return this.replaced;
  }

  analyse(bytes: Uint8Array, options: { allFaces?: boolean; landmarks?: FaceLandmarks } = {}): Promise<FaceAnalysis> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.closed) return Promise.reject(new AbgError('ABG_ERR_INTERNAL', 'The face worker pool is closed.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, allFaces: options.allFaces ?? false, ...(options.landmarks ? { landmarks: options.landmarks } : {}), resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new AbgError('ABG_ERR_INTERNAL', 'The face worker pool was closed.'));
    await Promise.all([...this.slots].map((s) => this.retire(s)));
  }

  private spawn(): void {
    const worker = new Worker(workerUrl, { workerData: this.init, execArgv: [] });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on('message', (m: WorkerResponse) => this.onMessage(slot, m));
    worker.on('error', (e) => this.onCrash(slot, e));
    worker.on('exit', (code) => this.onCrash(slot, new Error(`worker exited with code ${code}`)));
  }

  private onMessage(slot: Slot, m: WorkerResponse): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.wake();
      this.dispatch();
      return;
    }
    if (m.type === 'fatal') {
      this.fatal = new AbgError('ABG_ERR_INTERNAL', `The face models could not be loaded: ${m.message}`);
      for (const t of this.queue.splice(0)) t.reject(this.fatal);
      this.wake();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== m.id) return;
    this.finish(slot);
    if (m.type === 'result') task.resolve(m.analysis);
    else task.reject(new AbgError(m.code, m.detail || undefined, m.details));
    this.dispatch();
  }

  private onCrash(slot: Slot, e: Error): void {
    if (!this.slots.has(slot)) return;
    this.slots.delete(slot);
    const task = slot.task;
    this.finish(slot);
    if (task) task.reject(new AbgError('ABG_ERR_FACE_WORKER_FAILED', e.message.slice(0, 200)));
    if (!slot.ready && !this.closed) {
      // A worker that dies before loading its models would die again: stop instead of looping.
      this.fatal ??= new AbgError('ABG_ERR_INTERNAL', `A face worker failed to start: ${e.message.slice(0, 200)}`);
      for (const t of this.queue.splice(0)) t.reject(this.fatal);
      this.wake();
      return;
    }
    if (!this.closed && !this.fatal) {
      this.replaced++;
      this.spawn();
    }
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    delete slot.timer;
    delete slot.task;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.timer = setTimeout(() => this.onTimeout(slot), this.timeoutMs);
      const req: WorkerRequest = { id: task.id, bytes: task.bytes, allFaces: task.allFaces, ...(task.landmarks ? { landmarks: task.landmarks } : {}) };
      slot.worker.postMessage(req);
    }
  }

  private onTimeout(slot: Slot): void {
    const task = slot.task;
    if (!task) return;
    this.slots.delete(slot);
    this.finish(slot);
    task.reject(new AbgError('ABG_ERR_FACE_TIMEOUT', `Limit ${this.timeoutMs} ms.`));
    void slot.worker.terminate();
    if (!this.closed) {
      this.replaced++;
      this.spawn();
    }
  }

  private async retire(slot: Slot): Promise<void> {
    this.slots.delete(slot);
    const task = slot.task;
    this.finish(slot);
    task?.reject(new AbgError('ABG_ERR_INTERNAL', 'The face worker pool was closed.'));
    await slot.worker.terminate();
  }

  private wake(): void {
    for (const w of this.readyWaiters.splice(0)) w();
  }
}

/** Throws unless `n` is a usable pool size. */
export function checkPoolSize(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 256) fail('ABG_ERR_CONFIG', `Face worker pool size must be 1–256, got ${n}.`);
  return n;
}
