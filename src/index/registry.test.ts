import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeVectorIndexContract } from './index.contract.ts';
import { createVectorIndex, vectorIndexKindNames, vectorIndexKinds } from './registry.ts';

// One contract run per registered kind, with the settings the runtime builds it with. The
// implementations' own test files add their variants (quantisation, threads) and extra checks.
// An alias shares its entry's object and is run once.
const entries = new Set<object>();
for (const name of vectorIndexKindNames) {
  const kind = vectorIndexKinds[name];
  if (entries.has(kind)) continue;
  entries.add(kind);
  describeVectorIndexContract(name, (dim) => kind.create(dim), kind.accuracy);
}

test('each kind states its accuracy as its indexes report it', async () => {
  for (const name of vectorIndexKindNames) {
    const index = createVectorIndex(name, 8);
    assert.equal(index.exact, 'exact' in vectorIndexKinds[name].accuracy, name);
    assert.equal(index.dimension, 8, name);
    await index.close();
  }
});
