// One gallery's 256-bit hashes: a packed word array scanned linearly, and optionally a
// multi-index hashing (MIH) table: the hash is cut into 16 slots of 16 bits; two hashes within
// distance r ≤ 31 agree within ⌊r/16⌋ ≤ 1 bit on at least one slot (pigeonhole: 16 slots × 2
// bits > 31), so probing every slot's exact value and its 16 one-bit neighbours finds every
// match. The candidates are then checked with the full distance: exact, not approximate.
import { fail } from '../domain/errors.ts';
import { HASH_WORDS, hamming } from './hash-input.ts';
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
  // MIH: per 16-bit slot j and value v, a linked list of rows: head[j·65536 + v], next[row·16 + j].
  #head: Int32Array | undefined;
  #next: Int32Array | undefined;
  #seen: Uint32Array | undefined;
  #epoch = 0;

  constructor(readonly mihMinSize: number | undefined, capacity = 16) {
    this.#words = new Uint32Array(capacity * HASH_WORDS);
  }

  get count(): number {
    return this.#slotOf.size;
  }

  get hasMih(): boolean {
    return this.#head !== undefined;
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
    if (this.#head) this.#link(row);
    else if (this.mihMinSize !== undefined && this.count >= this.mihMinSize) this.#buildMih();
  }

  remove(id: string): boolean {
    const row = this.#slotOf.get(id);
    if (row === undefined) return false;
    if (this.#head) this.#unlink(row);
    this.#ids[row] = undefined;
    this.#slotOf.delete(id);
    this.#free.push(row);
    return true;
  }

  #grow(rows: number): void {
    const cap = this.#words.length / HASH_WORDS;
    if (rows <= cap) return;
    const next = Math.max(rows, Math.ceil(cap * 1.5));
    const words = new Uint32Array(next * HASH_WORDS);
    words.set(this.#words);
    this.#words = words;
    if (this.#next) {
      const n = new Int32Array(next * MIH_SLOTS);
      n.set(this.#next);
      this.#next = n;
      const s = new Uint32Array(next);
      s.set(this.#seen!);
      this.#seen = s;
    }
  }

  #slotValue(words: Uint32Array, base: number, j: number): number {
    const w = words[base + (j >> 1)]!;
    return j & 1 ? w & 0xffff : w >>> 16;
  }

  #buildMih(): void {
    const cap = this.#words.length / HASH_WORDS;
    this.#head = new Int32Array(MIH_SLOTS * BUCKETS).fill(-1);
    this.#next = new Int32Array(cap * MIH_SLOTS);
    this.#seen = new Uint32Array(cap);
    for (let row = 0; row < this.#end; row++) if (this.#ids[row] !== undefined) this.#link(row);
  }

  #link(row: number): void {
    const head = this.#head!;
    const next = this.#next!;
    for (let j = 0; j < MIH_SLOTS; j++) {
      const b = j * BUCKETS + this.#slotValue(this.#words, row * HASH_WORDS, j);
      next[row * MIH_SLOTS + j] = head[b]!;
      head[b] = row;
    }
  }

  #unlink(row: number): void {
    const head = this.#head!;
    const next = this.#next!;
    for (let j = 0; j < MIH_SLOTS; j++) {
      const b = j * BUCKETS + this.#slotValue(this.#words, row * HASH_WORDS, j);
      let cur = head[b]!;
      if (cur === row) {
        head[b] = next[row * MIH_SLOTS + j]!;
        continue;
      }
      while (cur !== -1) {
        const after = next[cur * MIH_SLOTS + j]!;
        if (after === row) {
          next[cur * MIH_SLOTS + j] = next[row * MIH_SLOTS + j]!;
          break;
        }
        cur = after;
      }
    }
  }

  /** Every entry within `r` bits of `q` (unsorted). */
  radius(q: Uint32Array, r: number): ShardHashHit[] {
    return this.#head && r <= MIH_MAX_RADIUS ? this.#radiusMih(q, r) : this.#radiusLinear(q, r);
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
    const head = this.#head!;
    const next = this.#next!;
    const seen = this.#seen!;
    const words = this.#words;
    const out: ShardHashHit[] = [];
    if (++this.#epoch === 0xffffffff) {
      seen.fill(0);
      this.#epoch = 1;
    }
    const epoch = this.#epoch;
    const flips = r >= MIH_SLOTS ? 16 : 0;
    for (let j = 0; j < MIH_SLOTS; j++) {
      const v = this.#slotValue(q, 0, j);
      for (let f = -1; f < flips; f++) {
        const probe = f < 0 ? v : v ^ (1 << f);
        for (let row = head[j * BUCKETS + probe]!; row !== -1; row = next[row * MIH_SLOTS + j]!) {
          if (seen[row] === epoch) continue;
          seen[row] = epoch;
          const d = hamming(words, row * HASH_WORDS, q, 0);
          if (d <= r) out.push({ id: this.#ids[row]!, distance: d });
        }
      }
    }
    return out;
  }

  /** The k nearest entries, sorted by (distance, id). */
  nearest(q: Uint32Array, k: number): ShardHashHit[] {
    if (this.#head) {
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
    if (mihMinSize !== undefined && ids.length >= mihMinSize) shard.#buildMih();
    return shard;
  }
}

export function byDistance(a: ShardHashHit, b: ShardHashHit): number {
  return a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
