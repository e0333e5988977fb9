// The keys of a native graph's elements: every added id gets a fresh key (the next integer) and a
// removed id leaves a hole, so a key never names two ids. Both native graph shards keep one.
import { fail } from '../domain/errors.ts';

export class GraphKeys {
  #idOf: (string | undefined)[] = [];
  #keyOf = new Map<string, number>();

  /** How many ids are present. */
  get count(): number {
    return this.#keyOf.size;
  }

  /** The key the next added id gets. */
  get next(): number {
    return this.#idOf.length;
  }

  /** Gives `id` the next key and returns it. */
  add(id: string): number {
    const key = this.#idOf.length;
    this.#idOf.push(id);
    this.#keyOf.set(id, key);
    return key;
  }

  /** Removes `id`; its key, or undefined when it is absent. */
  remove(id: string): number | undefined {
    const key = this.#keyOf.get(id);
    if (key === undefined) return undefined;
    this.#idOf[key] = undefined;
    this.#keyOf.delete(id);
    return key;
  }

  /** The id under a key the native graph answered with; undefined for a removed one. */
  idOf(key: number | bigint): string | undefined {
    return this.#idOf[Number(key)];
  }

  ids(): Iterable<string> {
    return this.#keyOf.keys();
  }

  /** The list a snapshot stores: the id at every key, null in the holes. */
  toJSON(): (string | null)[] {
    return this.#idOf.map((id) => id ?? null);
  }

  /** The keys a snapshot stored; a list that is not one is a corrupt snapshot. */
  static from(list: unknown): GraphKeys {
    if (!Array.isArray(list)) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Bad key list.');
    const keys = new GraphKeys();
    keys.#idOf = list.map((x) => (typeof x === 'string' ? x : undefined));
    keys.#idOf.forEach((id, key) => id !== undefined && keys.#keyOf.set(id, key));
    return keys;
  }

  clear(): void {
    this.#idOf = [];
    this.#keyOf.clear();
  }
}

/** What both native graph shards share: the keys of their elements and what is read from them alone. */
export abstract class KeyedGraphShard {
  protected keys = new GraphKeys();

  get count(): number {
    return this.keys.count;
  }

  ids(): Iterable<string> {
    return this.keys.ids();
  }

  /** The native graph is freed by the garbage collector; this drops the id references. */
  async close(): Promise<void> {
    this.keys.clear();
  }
}
