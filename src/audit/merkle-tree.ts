// RFC 9162 §2.1 Merkle tree over stored subtree hashes. The hash of every complete ("perfect")
// subtree is stored once, when its last leaf is appended, as node (level, index) covering leaves
// [index·2^level, (index+1)·2^level). Root, inclusion and consistency proofs of any size n then
// combine O(log n) stored nodes (O(log² n) reads at worst), never the whole tree.
//
// The functions are pure over a synchronous lookup. Which nodes they read depends only on sizes
// and indices, never on hash values, so `planNodeReads` can learn the keys with a dry run and a
// store can fetch them in one round trip.
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;

/** A stored perfect-subtree hash. */
export interface TreeNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

export type NodeLookup = (level: number, index: number) => Buffer;

/** RFC 9162 §2.1.1: SHA-256 of the empty string, the root of the empty tree. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** RFC 9162 §2.1.1: leaf hash SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.from([0x00])).update(data).digest();
}

/** RFC 9162 §2.1.1: interior node hash SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.from([0x01])).update(left).update(right).digest();
}

/** The nodes that become complete when the leaf with this index and hash is appended (level 0 first). */
export function nodesForAppend(index: number, hash: Buffer, get: NodeLookup): TreeNode[] {
  const nodes: TreeNode[] = [{ level: 0, index, hash }];
  let level = 0;
  let i = index;
  let h = hash;
  while (i % 2 === 1) {
    h = nodeHash(get(level, i - 1), h);
    level += 1;
    i = (i - 1) / 2;
    nodes.push({ level, index: i, hash: h });
  }
  return nodes;
}

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[start:end]) for a range the RFC recursion can produce (perfect ranges are aligned). */
export function subtreeHash(start: number, end: number, get: NodeLookup): Buffer {
  const size = end - start;
  if (size <= 0) return EMPTY_ROOT;
  if ((size & (size - 1)) === 0 && start % size === 0) return get(Math.log2(size), start / size);
  const k = splitPoint(size);
  return nodeHash(subtreeHash(start, start + k, get), subtreeHash(start + k, end, get));
}

/** The root hash of the first `size` leaves. */
export function rootAt(size: number, get: NodeLookup): Buffer {
  return subtreeHash(0, size, get);
}

/** RFC 9162 §2.1.3.1: the inclusion path of leaf `index` in the tree of `size` leaves. */
export function inclusionProof(index: number, size: number, get: NodeLookup): Buffer[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const path: Buffer[] = [];
  // PATH(m, D[start:end]) unrolled; siblings are collected leaf-side first, as the RFC orders them.
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(subtreeHash(start + k, end, get));
    } else {
      walk(m - k, start + k, end);
      path.push(subtreeHash(start, start + k, get));
    }
  };
  walk(index, 0, size);
  return path;
}

/** RFC 9162 §2.1.4.1: the consistency proof from the tree of `first` leaves to the tree of `second` leaves. */
export function consistencyProof(first: number, second: number, get: NodeLookup): Buffer[] {
  if (!(first > 0 && first <= second)) throw new RangeError(`no consistency proof from size ${first} to ${second}`);
  const proof: Buffer[] = [];
  const subproof = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push(subtreeHash(start, end, get));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, start, start + k, complete);
      proof.push(subtreeHash(start + k, end, get));
    } else {
      subproof(m - k, start + k, end, false);
      proof.push(subtreeHash(start, start + k, get));
    }
  };
  subproof(first, 0, second, true);
  return proof;
}

export const nodeKey = (level: number, index: number): string => `${level}:${index}`;

/** The node keys a computation reads, found by a dry run with placeholder hashes. */
export function planNodeReads<T>(compute: (get: NodeLookup) => T): Array<{ level: number; index: number }> {
  const seen = new Map<string, { level: number; index: number }>();
  const placeholder = Buffer.alloc(HASH_SIZE);
  compute((level, index) => {
    seen.set(nodeKey(level, index), { level, index });
    return placeholder;
  });
  return [...seen.values()];
}

/** A lookup over fetched nodes that fails loudly on a node the plan did not fetch. */
export function lookupFrom(nodes: Iterable<TreeNode>): NodeLookup {
  const map = new Map<string, Buffer>();
  for (const n of nodes) map.set(nodeKey(n.level, n.index), n.hash);
  return (level, index) => {
    const h = map.get(nodeKey(level, index));
    if (!h) throw new Error(`Merkle node ${level}:${index} is missing from the store`);
    return h;
  };
}

/** An in-memory tree built from leaf hashes, for verifiers and tests that hold every leaf. */
export class MemoryTree {
  private readonly nodes = new Map<string, Buffer>();
  private count = 0;
  readonly get: NodeLookup = (level, index) => {
    const h = this.nodes.get(nodeKey(level, index));
    if (!h) throw new Error(`Merkle node ${level}:${index} does not exist in a tree of size ${this.count}`);
    return h;
  };

  get size(): number {
    return this.count;
  }

  append(hash: Buffer): void {
    for (const n of nodesForAppend(this.count, hash, this.get)) this.nodes.set(nodeKey(n.level, n.index), n.hash);
    this.count += 1;
  }

  root(size = this.count): Buffer {
    return rootAt(size, this.get);
  }
}
