// The names of the vector index kinds a deployment can choose (registry.ts builds them). Kept
// apart from the implementations so configuration can validate a name without loading them.
export const vectorIndexKindNames = ['flat', 'usearch-hnsw', 'hnswlib'] as const;

export type VectorIndexKindName = (typeof vectorIndexKindNames)[number];

/** Whether a name is one of the vector index kinds. */
export function isVectorIndexKind(name: string): name is VectorIndexKindName {
  return (vectorIndexKindNames as readonly string[]).includes(name);
}
