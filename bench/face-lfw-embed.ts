// Fills the LFW embedding cache ahead of the accuracy benchmark:
//   node --import tsx bench/face-lfw-embed.ts [--shard i/n] [--limit N] [--faceres-folds K]
// Embeds the 7,701 images named in pairs.txt in fold order (fold 1's images first, so complete
// folds accumulate); resumable, since cached images are skipped. The second model (faceres,
// three times the cost) runs only on images first named in the first K folds (default 10).
// Run several shards in parallel processes.
import { fillCache } from './lib/lfw-embed.ts';
import { firstFolds, readCache, readPairs } from './lib/lfw.ts';

const args = process.argv.slice(2);
const arg = (k: string) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const [shard, shards] = (arg('--shard') ?? '0/1').split('/').map(Number) as [number, number];
const limit = Number(arg('--limit') ?? Infinity);
const faceresFolds = Number(arg('--faceres-folds') ?? 10);
const order = firstFolds(readPairs());
const done = readCache();
const todo = [...order.keys()].filter((f, i) => i % shards === shard && !done.has(f)).slice(0, limit);
console.error(`shard ${shard}/${shards}: ${todo.length} images to embed (${done.size} cached)`);
await fillCache(todo, {
  part: `part-${shard}-of-${shards}`,
  withFaceres: (f) => (order.get(f) ?? 0) < faceresFolds,
  onProgress: (n, total, ms) => { if (n % 100 === 0 || n === total) console.error(`shard ${shard}: ${n}/${total}, ${ms.toFixed(0)} ms/image`); },
});
