// One gallery's 256-bit hashes: a packed word array scanned linearly, and optionally a
// multi-index hashing (MIH) table: the hash is cut into 16 slots of 16 bits; two hashes within
// distance r ≤ 31 agree within ⌊r/16⌋ ≤ 1 bit on at least one slot (pigeonhole: 16 slots × 2
// bits > 31), so probing every slot's exact value and its 16 one-bit neighbours finds every
// match. The candidates are then checked with the full distance: exact, not approximate.
import { fail } from '../domain/errors.ts';
import { HASH_WORDS, POP16, hamming } from './hash-input.ts';
import { bytesOf } from './snapshot.ts';
import type { PayloadReader, PayloadWriter } from './types.ts';

export const MIH_SLOTS = 16;
const BUCKETS = 1 << 16;
/** The largest radius MIH answers; larger radii fall back to the linear scan (still exact). */
export const MIH_MAX_RADIUS = 2 * MIH_SLOTS - 1;

export interface ShardHashHit {
  id: string;
  distance: number;
}

export class HashShard {
  #words: Uint32Array;
  #ids: (string | undefined)[] = [];
  #slotOf = new Map<string, number>();
  #free: number[] = [];
  /** Slots in use are below #end; freed slots inside are listed in #free. */
  #end = 0;
  // MIH tables in compressed-sparse-row form, so that a bucket is one sequential read: rows of
  // 16-bit slot j with value v are #rows[#offsets[j·65537 + v] .. #offsets[j·65537 + v + 1]).
  // Rows added since the last build wait in #pending and are checked one by one; removed rows
  // stay in the tables until the next build and are skipped when they match.
  #offsets: Int32Array | undefined;
  #rows: Int32Array | undefined;
  #pending: number[] = [];
  #staleSinceBuild = 0;
  #builtCount = 0;

  constructor(readonly mihMinSize: number | undefined, capacity = 16) {
    this.#words = new Uint32Array(capacity * HASH_WORDS);
  }

  get count(): number {
    return this.#slotOf.size;
  }

  ids(): Iterable<string> {
    return this.#slotOf.keys();
  }

  add(id: string, words: Uint32Array, offset = 0): void {
    let row = this.#free.pop();
    if (row === undefined) {
      row = this.#end++;
      this.#grow(this.#end);
    }
    this.#words.set(words.subarray(offset, offset + HASH_WORDS), row * HASH_WORDS);
    this.#ids[row] = id;
    this.#slotOf.set(id, row);
    if (this.#offsets) this.#pending.push(row);
  }

  remove(id: string): boolean {
    const row = this.#slotOf.get(id);
    if (row === undefined) return false;
    this.#ids[row] = undefined;
    this.#slotOf.delete(id);
    this.#free.push(row);
    if (this.#offsets) this.#staleSinceBuild++;
    return true;
  }

  #grow(rows: number): void {
    const cap = this.#words.length / HASH_WORDS;
    if (rows <= cap) return;
    const words = new Uint32Array(Math.max(rows, Math.ceil(cap * 1.5)) * HASH_WORDS);
    words.set(this.#words);
    this.#words = words;
  }

  /** Whether MIH should answer now; builds or rebuilds the tables when they are missing or stale. */
  #useMih(): boolean {
    if (this.mihMinSize === undefined || this.count < Math.max(1, this.mihMinSize)) return false;
    const churn = this.#pending.length + this.#staleSinceBuild;
    if (!this.#offsets || churn > Math.max(4096, this.#builtCount >> 3)) this.#build();
    return true;
  }

  #build(): void {
    const words = this.#words;
    const live: number[] = [];
    for (let row = 0; row < this.#end; row++) if (this.#ids[row] !== undefined) live.push(row);
    const n = live.length;
    const offsets = new Int32Array(MIH_SLOTS * (BUCKETS + 1));
    const rows = new Int32Array(MIH_SLOTS * n);
    for (let j = 0; j < MIH_SLOTS; j++) {
      // Counting sort of the live rows by their value in slot j.
      const o = j * (BUCKETS + 1);
      const w = j >> 1;
      const high = (j & 1) === 0;
      for (const row of live) {
        const x = words[row * HASH_WORDS + w]!;
        offsets[o + (high ? x >>> 16 : x & 0xffff) + 1]!++;
      }
      offsets[o] = j * n;
      for (let v = 1; v <= BUCKETS; v++) offsets[o + v] = offsets[o + v]! + offsets[o + v - 1]!;
      const fill = offsets.slice(o, o + BUCKETS);
      for (const row of live) {
        const x = words[row * HASH_WORDS + w]!;
        rows[fill[high ? x >>> 16 : x & 0xffff]!++] = row;
      }
    }
    this.#offsets = offsets;
    this.#rows = rows;
    this.#pending = [];
    this.#staleSinceBuild = 0;
    this.#builtCount = n;
  }

  /** Every entry within `r` bits of `q` (unsorted). */
  radius(q: Uint32Array, r: number): ShardHashHit[] {
    return r <= MIH_MAX_RADIUS && this.#useMih() ? this.#radiusMih(q, r) : this.#radiusLinear(q, r);
  }

  #radiusLinear(q: Uint32Array, r: number): ShardHashHit[] {
    const out: ShardHashHit[] = [];
    const words = this.#words;
    for (let row = 0; row < this.#end; row++) {
      const d = hamming(words, row * HASH_WORDS, q, 0);
      if (d <= r) {
        const id = this.#ids[row];
        if (id !== undefined) out.push({ id, distance: d });
      }
    }
    return out;
  }

  #radiusMih(q: Uint32Array, r: number): ShardHashHit[] {
    const offsets = this.#offsets!;
    const rows = this.#rows!;
    const words = this.#words;
    const ids = this.#ids;
    const out: ShardHashHit[] = [];
    // True neighbours match in several slots; random rows rarely do, so dedupe matches only.
    const matched = new Set<number>();
    const flips = r >= MIH_SLOTS ? 16 : 0;
    for (let j = 0; j < MIH_SLOTS; j++) {
      const qw = q[j >> 1]!;
      const v = j & 1 ? qw & 0xffff : qw >>> 16;
      const o = j * (BUCKETS + 1);
      for (let f = -1; f < flips; f++) {
        const probe = f < 0 ? v : v ^ (1 << f);
        const stop = offsets[o + probe + 1]!;
        for (let i = offsets[o + probe]!; i < stop; i++) {
          const row = rows[i]!;
          const d = within(words, row * HASH_WORDS, q, r);
          if (d <= r && ids[row] !== undefined && !matched.has(row)) {
            matched.add(row);
            out.push({ id: ids[row]!, distance: d });
          }
        }
      }
    }
    for (const row of this.#pending) {
      const d = within(words, row * HASH_WORDS, q, r);
      if (d <= r && ids[row] !== undefined && !matched.has(row)) {
        matched.add(row);
        out.push({ id: ids[row]!, distance: d });
      }
    }
    return out;
  }

  /** The k nearest entries, sorted by (distance, id). */
  nearest(q: Uint32Array, k: number): ShardHashHit[] {
    if (this.#useMih()) {
      // Every entry within MIH_MAX_RADIUS is found; if k of them are, they are the k nearest.
      const near = this.#radiusMih(q, MIH_MAX_RADIUS);
      if (near.length >= k) return near.sort(byDistance).slice(0, k);
    }
    const dist = new Int32Array(k);
    const rows = new Int32Array(k);
    let n = 0;
    const words = this.#words;
    const ids = this.#ids;
    for (let row = 0; row < this.#end; row++) {
      const id = ids[row];
      if (id === undefined) continue;
      const d = hamming(words, row * HASH_WORDS, q, 0);
      if (n === k && (d > dist[k - 1]! || (d === dist[k - 1]! && id > ids[rows[k - 1]!]!))) continue;
      let j = n < k ? n++ : k - 1;
      while (j > 0 && (dist[j - 1]! > d || (dist[j - 1]! === d && ids[rows[j - 1]!]! > id))) {
        dist[j] = dist[j - 1]!;
        rows[j] = rows[j - 1]!;
        j--;
      }
      dist[j] = d;
      rows[j] = row;
    }
    const out: ShardHashHit[] = [];
    for (let i = 0; i < n; i++) out.push({ id: ids[rows[i]!]!, distance: dist[i]! });
    return out;
  }

  writePayload(out: PayloadWriter): void {
    // Compact on the way out: live rows only, in row order.
    const ids: string[] = [];
    const words = new Uint32Array(this.count * HASH_WORDS);
    for (let row = 0; row < this.#end; row++) {
      const id = this.#ids[row];
      if (id === undefined) continue;
      words.set(this.#words.subarray(row * HASH_WORDS, (row + 1) * HASH_WORDS), ids.length * HASH_WORDS);
      ids.push(id);
    }
    out.writeJson(ids);
    out.write(bytesOf(words));
  }

  static read(input: PayloadReader, mihMinSize: number | undefined): HashShard {
    const ids = input.readJson();
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Bad id list.');
    const bytes = input.read(ids.length * HASH_WORDS * 4);
    const shard = new HashShard(mihMinSize, Math.max(16, ids.length));
    new Uint8Array(shard.#words.buffer).set(bytes);
    shard.#ids = ids as string[];
    shard.#end = ids.length;
    ids.forEach((id: string, row) => shard.#slotOf.set(id, row));
    return shard;
  }
}

/** The distance when it is at most r, else a number above r (stops after the word that passes r). */
function within(words: Uint32Array, base: number, q: Uint32Array, r: number): number {
  let d = 0;
  for (let w = 0; w < HASH_WORDS; w++) {
    const x = words[base + w]! ^ q[w]!;
    d += POP16[x & 0xffff]! + POP16[x >>> 16]!;
    if (d > r) return d;
  }
  return d;
}

export function byDistance(a: ShardHashHit, b: ShardHashHit): number {
  return a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
