// An index as a cache of the store: a snapshot file holds the index and the store change
// sequence it covers. Opening loads the snapshot (or, when it is missing, corrupt or of another
// configuration, starts empty and warns) and replays every change after that sequence, so a
// crash between a store commit and the index update is caught up on the next open, deletes
// included. The store stays the source of truth.
import { existsSync } from 'node:fs';
import { isAbgError } from '../domain/errors.ts';
import { loadIndex, type AnyIndex, type SearchTuning } from './load.ts';
import { writeSnapshot, type SnapshotKey } from './snapshot.ts';
import type { Hash256, HashIndex, IndexChangeFeed, IndexLogger, VectorIndex } from './types.ts';

type ValueOf<I> = I extends VectorIndex ? ArrayLike<number> : I extends HashIndex ? Hash256 : never;

export interface PersistentIndexOptions<I extends AnyIndex> {
  /** Snapshot file path. */
  file: string;
  feed: IndexChangeFeed<ValueOf<I>>;
  /** Makes an empty index of the wanted configuration. */
  create: () => I;
  /** Whether a loaded index matches the wanted configuration (default: same kind and dimension). */
  compatible?: (loaded: AnyIndex, wanted: I) => boolean;
  logger: IndexLogger;
  /** Seals the snapshot (AES-256-GCM); one sealed with another key, or not at all, is discarded and rebuilt. */
  key?: SnapshotKey;
  /** Search-time settings for a loaded index, instead of those it was saved with. */
  tuning?: SearchTuning;
}

export class PersistentIndex<I extends AnyIndex> {
  #seq: number;
  #catchingUp: Promise<number> | undefined;

  /** `restored`: the index came from its snapshot (rather than being rebuilt from the store). */
  private constructor(readonly index: I, seq: number, readonly options: PersistentIndexOptions<I>, readonly restored: boolean) {
    this.#seq = seq;
  }

  /** The store sequence the index reflects. */
  get seq(): number {
    return this.#seq;
  }

  /** Loads the snapshot (or rebuilds) and catches up with the feed. */
  static async open<I extends AnyIndex>(options: PersistentIndexOptions<I>): Promise<PersistentIndex<I>> {
    const wanted = options.create();
    let index: I = wanted;
    let seq = 0;
    let restored = false;
    if (existsSync(options.file)) {
      try {
        const loaded = await loadIndex(options.file, options.key, options.tuning);
        const compatible = options.compatible ?? sameShape;
        const latest = await options.feed.latestSeq();
        if (loaded.seq > latest) {
          // Ahead of the store: a snapshot of another database, or the database was restored from an older backup.
          options.logger.warn({ file: options.file, snapshotSeq: loaded.seq, storeSeq: latest }, 'index snapshot is ahead of the store (stale or of another database); rebuilding from the store');
          await loaded.index.close();
        } else if (compatible(loaded.index, wanted)) {
          index = loaded.index as I;
          seq = loaded.seq;
          restored = true;
          await wanted.close();
        } else {
          options.logger.warn({ file: options.file, kind: loaded.index.kind }, 'index snapshot has another configuration; rebuilding from the store');
          await loaded.index.close();
        }
      } catch (e) {
        if (!isAbgError(e) || e.code !== 'ABG_ERR_SNAPSHOT_CORRUPT') throw e;
        options.logger.warn({ file: options.file, err: e.message }, 'index snapshot is corrupt, truncated or not readable with this key; rebuilding from the store');
      }
    }
    const p = new PersistentIndex(index, seq, options, restored);
    const from = seq;
    const applied = await p.catchUp();
    options.logger.info({ file: options.file, snapshotSeq: from, seq: p.seq, applied, size: index.size }, 'index opened');
    return p;
  }

  /** Applies every change after the covered sequence; returns how many. Calls are serialised. */
  catchUp(): Promise<number> {
    const run = async (): Promise<number> => {
      let applied = 0;
      for await (const c of this.options.feed.changesSince(this.#seq)) {
        if (c.seq <= this.#seq) continue;
        try {
          if (c.op === 'remove') this.index.remove(c.id);
          else (this.index as VectorIndex | HashIndex).add(c.id, c.gallery, c.value as never);
        } catch (e) {
          // One bad value must not block every later change; the entry stays out of the index.
          if (!isAbgError(e)) throw e;
          this.index.remove(c.id);
          this.options.logger.warn({ seq: c.seq, id: c.id, code: e.code }, 'change not indexable; skipped');
        }
        this.#seq = c.seq;
        applied++;
      }
      return applied;
    };
    const prev = this.#catchingUp ?? Promise.resolve(0);
    const next = prev.then(run, run);
    this.#catchingUp = next;
    return next;
  }

  /** Writes the snapshot with the sequence it covers. */
  async checkpoint(): Promise<void> {
    await this.#catchingUp;
    await writeSnapshot(this.options.file, this.#seq, (out) => this.index.writePayload(out), this.options.key);
  }

  close(): Promise<void> {
    return this.index.close();
  }
}

function sameShape(loaded: AnyIndex, wanted: AnyIndex): boolean {
  if (loaded.kind !== wanted.kind) return false;
  const a = (loaded as Partial<VectorIndex>).dimension;
  const b = (wanted as Partial<VectorIndex>).dimension;
  return a === b;
}
