// LISTEN on a dedicated PostgreSQL connection: each notice on the channel (and each reconnect,
// which may have missed some) calls the listeners. A lost connection is reopened after a pause,
// on whichever host is the primary then.
import type pg from 'pg';
import type { FailoverPool } from './pg-pool.ts';

/** The channel the index_changes trigger (migration 0019) notifies on every commit. */
export const INDEX_CHANGE_CHANNEL = 'abgleich_index_changes';
const RECONNECT_MS = 500;

export class ChangeNotices {
  readonly #listeners = new Set<() => void>();
  #client: pg.PoolClient | undefined;
  #drop: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #starting = false;

  constructor(private readonly pool: FailoverPool, private readonly channel = INDEX_CHANGE_CHANNEL) {}

  /** Calls `fn` on every notice; returns a function that stops. */
  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    if (!this.#client && !this.#starting) void this.#start();
    return () => this.#listeners.delete(fn);
  }

  #fire(): void {
    for (const fn of this.#listeners) fn();
  }

  async #start(): Promise<void> {
    if (this.#closed) return;
    this.#starting = true;
    let c: pg.PoolClient | undefined;
    let lost = false;
    const onLost = () => {
      if (lost || !c) return;
      lost = true;
      if (this.#client === c) {
        this.#client = undefined;
        this.#drop = undefined;
      }
      try {
        c.release(true);
      } catch {
        // already back in the pool
      }
      this.#retry();
    };
    try {
      c = await this.pool.connectRaw();
      c.on('error', onLost);
      c.on('end', onLost);
      c.on('notification', (n) => { if (n.channel === this.channel) this.#fire(); });
      await c.query(`LISTEN ${this.channel}`);
      if (this.#closed) return onLost();
      this.#client = c;
      this.#drop = onLost;
      // Changes committed while no connection listened are caught up now.
      this.#fire();
    } catch {
      if (c) onLost();
      else this.#retry();
    } finally {
      this.#starting = false;
    }
  }

  #retry(): void {
    if (this.#closed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#start();
    }, RECONNECT_MS);
    this.#timer.unref();
  }

  /** Whether the LISTEN connection is open now. */
  get listening(): boolean {
    return this.#client !== undefined;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#drop?.();
  }
}
