// The names of the vector index kinds a deployment can choose (registry.ts builds them). Kept
// apart from the implementations so configuration can validate a name without loading them.
export const vectorIndexKindNames = ['exact', 'flat', 'usearch-hnsw', 'hnswlib'] as const;

export type VectorIndexKindName = (typeof vectorIndexKindNames)[number];
