// Every VectorIndex implementation under one literal name, with a factory taking the dimension
// and the implementation's own options. The contract suite runs against each entry
// (registry.test.ts); the composition root picks one per face model from the configuration.
import { ExactVectorIndex, type ExactIndexOptions } from './exact-index.ts';
import { FlatVectorIndex, type FlatIndexOptions } from './flat-index.ts';
import { HnswlibIndex, type HnswlibOptions } from './hnswlib-index.ts';
import type { VectorIndexKindName } from './kinds.ts';
import type { VectorIndex } from './types.ts';
import { UsearchIndex, type UsearchOptions } from './usearch-index.ts';

export { vectorIndexKindNames, type VectorIndexKindName } from './kinds.ts';

/**
 * What an index promises: the same answers as a brute-force scan (`identical`: the float32 scan's
 * very scores, with equal scores in id order even at the k-th place), or at least this recall@k
 * on small galleries.
 */
export type VectorIndexAccuracy = { exact: true; identical?: true } | { recallBound: number };

export interface VectorIndexKind<O extends object> {
  readonly accuracy: VectorIndexAccuracy;
  create(dimension: number, options?: O): VectorIndex;
}

type Tuning<O> = Omit<O, 'dimension'>;

/** Approximate HNSW graph through usearch. */
const usearchHnsw = {
  accuracy: { recallBound: 0.95 },
  create: (dimension, options = {}) => new UsearchIndex({ ...options, dimension }),
} satisfies VectorIndexKind<Tuning<UsearchOptions>>;

export const vectorIndexKinds = {
  /** Exact scan over an int8 copy with a float32 re-rank: the float32 answer, at a quarter of the bytes scanned. */
  exact: {
    accuracy: { exact: true, identical: true },
    create: (dimension, options = {}) => new ExactVectorIndex({ ...options, dimension }),
  } satisfies VectorIndexKind<Tuning<ExactIndexOptions>>,
  /** Exact scan over every template (float32; int8 with `quantised`). */
  flat: {
    accuracy: { exact: true },
    create: (dimension, options = {}) => new FlatVectorIndex({ ...options, dimension }),
  } satisfies VectorIndexKind<Tuning<FlatIndexOptions> & { quantised?: boolean }>,
  /** Approximate HNSW graph through usearch (the name to choose; 'usearch-hnsw' is its alias). */
  hnsw: usearchHnsw,
  'usearch-hnsw': usearchHnsw,
  /** Approximate HNSW graph through hnswlib. */
  hnswlib: {
    accuracy: { recallBound: 0.95 },
    create: (dimension, options = {}) => new HnswlibIndex({ ...options, dimension }),
  } satisfies VectorIndexKind<Tuning<HnswlibOptions>>,
} satisfies Record<VectorIndexKindName, VectorIndexKind<never>>;

/** An empty index of the named kind with its default settings. */
export function createVectorIndex(kind: VectorIndexKindName, dimension: number): VectorIndex {
  return vectorIndexKinds[kind].create(dimension);
}
