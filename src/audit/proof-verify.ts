// An independent verifier for RFC 9162 §2.1 proofs, written from the RFC's verification
// algorithms alone. It shares no code with the tree that produces the proofs (merkle-tree.ts),
// so a bug in one is caught by the other.
import { createHash } from 'node:crypto';

const HASH_SIZE = 32;

function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.from([0x01])).update(left).update(right).digest();
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

/** Right-shifts fn and sn together until LSB(fn) is set or fn is 0 (bigint keeps sizes past 2^53 exact). */
function shiftUntilLsbOrZero(fn: bigint, sn: bigint): [bigint, bigint] {
  while ((fn & 1n) === 0n && fn !== 0n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  return [fn, sn];
}

/**
 * The walk both verifications share (§2.1.3.2 step 4, §2.1.4.2 step 6): for each of `count`
 * path hashes from (fn, sn), whether it joins on the left. Undefined when the path is longer
 * than the tree is deep; otherwise also the final sn, which must be 0.
 */
function pathSides(fn: bigint, sn: bigint, count: number): { leftOf: boolean[]; sn: bigint } | undefined {
  const leftOf: boolean[] = [];
  for (let i = 0; i < count; i++) {
    if (sn === 0n) return undefined;
    const left = (fn & 1n) === 1n || fn === sn;
    if (left && (fn & 1n) === 0n) [fn, sn] = shiftUntilLsbOrZero(fn, sn);
    leftOf.push(left);
    fn >>= 1n;
    sn >>= 1n;
  }
  return { leftOf, sn };
}

/** RFC 9162 §2.1.3.2: true when `leafHash` is the leaf at `leafIndex` of the tree of `treeSize` with `rootHash`. */
export function verifyInclusion(
  leafIndex: number | bigint,
  treeSize: number | bigint,
  leafHash: Uint8Array,
  inclusionPath: readonly Uint8Array[],
  rootHash: Uint8Array,
): boolean {
  const index = BigInt(leafIndex);
  const size = BigInt(treeSize);
  // 1. leaf_index must be below tree_size.
  if (index < 0n || index >= size) return false;
  // Every hash in this log is a SHA-256 output; an empty or truncated one proves nothing, even
  // when it equals an equally empty root.
  if (leafHash.length !== HASH_SIZE || rootHash.length !== HASH_SIZE) return false;
  if (inclusionPath.some((p) => p.length !== HASH_SIZE)) return false;
  // 2.–4.
  const walk = pathSides(index, size - 1n, inclusionPath.length);
  if (!walk) return false;
  let r: Uint8Array = leafHash;
  inclusionPath.forEach((p, i) => {
    r = walk.leftOf[i] ? hashChildren(p, r) : hashChildren(r, p);
  });
  // 5.
  return walk.sn === 0n && equalBytes(r, rootHash);
}

/** RFC 9162 §2.1.4.2: true when the tree of size `first` with `firstHash` is a prefix of the tree of size `second` with `secondHash`. */
export function verifyConsistency(
  first: number | bigint,
  second: number | bigint,
  firstHash: Uint8Array,
  secondHash: Uint8Array,
  consistencyPath: readonly Uint8Array[],
): boolean {
  const m = BigInt(first);
  const n = BigInt(second);
  // §2.1.4 defines proofs for 0 < m ≤ n only: an empty tree proves nothing, a shrinking one is forked.
  if (m <= 0n || m > n) return false;
  // §2.1.4.1: for m = n the proof is empty and the two heads must be identical.
  if (m === n) return consistencyPath.length === 0 && equalBytes(firstHash, secondHash);
  // 1. An empty path cannot prove m < n.
  if (consistencyPath.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash to the path.
  const path = (m & (m - 1n)) === 0n ? [firstHash, ...consistencyPath] : [...consistencyPath];
  // 3.–4.
  let fn = m - 1n;
  let sn = n - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  // 6.
  const rest = path.slice(1);
  const walk = pathSides(fn, sn, rest.length);
  if (!walk) return false;
  rest.forEach((c, i) => {
    if (walk.leftOf[i]) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
    } else {
      sr = hashChildren(sr, c);
    }
  });
  // 7.
  return walk.sn === 0n && equalBytes(fr, firstHash) && equalBytes(sr, secondHash);
}
