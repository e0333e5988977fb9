import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HnswlibIndex } from './hnswlib-index.ts';
import { FaceLike } from '../testing/synthetic-vectors.ts';

// The contract runs against the default settings in registry.test.ts.
test('deleted slots are reused without growing the graph, and the ids stay right', async () => {
  const gen = new FaceLike({ dim: 16, seed: 4 });
  const index = new HnswlibIndex({ dimension: 16 });
  const vs = Array.from({ length: 100 }, (_, i) => gen.sample(gen.identity(i)));
  vs.forEach((v, i) => index.add(`a${i}`, 'g', v));
  for (let i = 0; i < 50; i++) index.remove(`a${i}`);
  for (let i = 0; i < 50; i++) index.add(`b${i}`, 'g', vs[i]!);
  assert.equal(index.size, 100);
  for (let i = 0; i < 50; i += 7) assert.equal((await index.search(vs[i]!, 1))[0]!.id, `b${i}`);
  index.setEfSearch(200);
  assert.equal((await index.search(vs[60]!, 1))[0]!.id, 'a60');
  await index.close();
});
