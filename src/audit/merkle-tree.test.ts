import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  EMPTY_ROOT, MemoryTree, consistencyProof, inclusionProof, leafHash, lookupFrom, nodeHash, nodesForAppend,
  planNodeReads, rootAt,
} from './merkle-tree.ts';
import { verifyConsistency, verifyInclusion } from './proof-verify.ts';

// The RFC 6962 reference tree's leaf data, whose roots the public test vectors quote.
const referenceLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f']
  .map((hex) => Buffer.from(hex, 'hex'));

/** MTH straight from RFC 9162 §2.1.1, recursing over all leaves: the oracle for the stored-node tree. */
function naiveRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leafHash(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

function treeOf(leaves: Buffer[]): MemoryTree {
  const t = new MemoryTree();
  for (const l of leaves) t.append(leafHash(l));
  return t;
}

test('roots of the RFC 6962 reference tree equal the published ones', () => {
  const t = treeOf(referenceLeaves);
  const hex = (n: number) => t.root(n).toString('hex');
  assert.equal(hex(1), '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  assert.equal(hex(2), 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125');
  assert.equal(hex(3), 'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77');
  assert.equal(hex(5), '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4');
  assert.equal(hex(6), '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef');
  assert.equal(hex(7), 'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c');
  assert.equal(hex(8), '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  assert.equal(t.root(0).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('stored-node roots equal the naive recursive MTH for every size up to 70', () => {
  const leaves = Array.from({ length: 70 }, () => randomBytes(1 + Math.floor(Math.random() * 40)));
  const t = treeOf(leaves);
  for (let n = 0; n <= leaves.length; n++) assert.deepEqual(t.root(n), naiveRoot(leaves.slice(0, n)), `size ${n}`);
});

test('every inclusion proof of every leaf in trees up to 40 verifies with the independent verifier', () => {
  const leaves = Array.from({ length: 40 }, (_, i) => Buffer.from(`leaf ${i}`));
  const t = treeOf(leaves);
  for (let n = 1; n <= leaves.length; n++) {
    const root = t.root(n);
    for (let i = 0; i < n; i++) {
      const proof = inclusionProof(i, n, t.get);
      assert.ok(verifyInclusion(i, n, leafHash(leaves[i]!), proof, root), `leaf ${i} of ${n}`);
      assert.equal(verifyInclusion(i, n, leafHash(Buffer.from('other')), proof, root), false);
    }
  }
});

test('every consistency proof between sizes up to 40 verifies, and fails against a forked tree', () => {
  const leaves = Array.from({ length: 40 }, (_, i) => Buffer.from(`leaf ${i}`));
  const t = treeOf(leaves);
  const forked = treeOf(leaves.map((l, i) => (i === 3 ? Buffer.from('forged') : l)));
  for (let n = 1; n <= leaves.length; n++) {
    for (let m = 1; m <= n; m++) {
      const proof = consistencyProof(m, n, t.get);
      assert.ok(verifyConsistency(m, n, t.root(m), t.root(n), proof), `${m} → ${n}`);
      if (m > 3) assert.equal(verifyConsistency(m, n, forked.root(m), t.root(n), proof), false, `forked ${m} → ${n}`);
    }
  }
});

test('proofs for the RFC 6962 reference tree equal the published vectors', () => {
  const t = treeOf(referenceLeaves);
  const b64 = (p: Buffer[]) => p.map((h) => h.toString('base64'));
  // inclusion/3/happy-path: leaf 2 of 3; consistency/3/happy-path: 2 → 5.
  assert.deepEqual(b64(inclusionProof(2, 3, t.get)), ['+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=']);
  assert.deepEqual(b64(consistencyProof(2, 5, t.get)), [
    'Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=',
    'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=',
  ]);
});

test('appending stores one node per completed subtree, so a log of n leaves holds fewer than 2n nodes', () => {
  let stored = 0;
  const t = new MemoryTree();
  for (let i = 0; i < 1000; i++) {
    stored += nodesForAppend(i, leafHash(Buffer.from([i])), t.get).length;
    t.append(leafHash(Buffer.from([i])));
  }
  assert.ok(stored < 2000, `${stored} nodes`);
  assert.equal(nodesForAppend(7, Buffer.alloc(32), t.get).length, 4); // leaf 7 completes 6–7, 4–7 and 0–7
});

test('a planned read set is exactly what a proof needs, and stays logarithmic in the tree size', () => {
  const leaves = Array.from({ length: 1000 }, (_, i) => Buffer.from(`leaf ${i}`));
  const t = treeOf(leaves);
  const keys = planNodeReads((get) => inclusionProof(517, 999, get));
  assert.ok(keys.length <= 2 * Math.ceil(Math.log2(1000)) + 2, `${keys.length} reads`);
  const fetched = keys.map((k) => ({ ...k, hash: t.get(k.level, k.index) }));
  assert.deepEqual(inclusionProof(517, 999, lookupFrom(fetched)), inclusionProof(517, 999, t.get));
  assert.deepEqual(rootAt(999, lookupFrom(planNodeReads((g) => rootAt(999, g)).map((k) => ({ ...k, hash: t.get(k.level, k.index) })))), naiveRoot(leaves.slice(0, 999)));
});
