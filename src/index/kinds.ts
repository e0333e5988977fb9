// The names of the vector index kinds a deployment can choose (registry.ts builds them). Kept
// apart from the implementations so configuration can validate a name without loading them.
// 'hnsw' is the name to use for an approximate index (usearch); 'usearch-hnsw' stays as its alias.
export const vectorIndexKindNames = ['exact', 'flat', 'hnsw', 'usearch-hnsw', 'hnswlib'] as const;

export type VectorIndexKindName = (typeof vectorIndexKindNames)[number];
