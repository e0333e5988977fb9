// Opens any index snapshot written by an index's save() / writePayload().
import { fail } from '../domain/errors.ts';
import { ExactVectorIndex } from './exact-index.ts';
import { FlatVectorIndex } from './flat-index.ts';
import { HammingIndex } from './hash-index.ts';
import { HnswlibIndex } from './hnswlib-index.ts';
import { readSnapshot, type SnapshotKey } from './snapshot.ts';
import { UsearchIndex } from './usearch-index.ts';
import type { PartitionHeader } from './vector-partitions.ts';
import type { HashIndex, PayloadReader, VectorIndex } from './types.ts';

export type AnyIndex = VectorIndex | HashIndex;

/** Settings that only steer searching, so a snapshot built with other values still serves. */
export interface SearchTuning {
  /** The candidate list size of an HNSW search (usearch expansion_search, hnswlib ef). */
  efSearch?: number;
}

/**
 * Reads a payload written by writePayload(), whatever its kind. A graph is searched with `tuning`
 * where given, not with the values it was saved with.
 */
export async function readIndexPayload(input: PayloadReader, tuning: SearchTuning = {}): Promise<AnyIndex> {
  const header = input.readJson() as Partial<PartitionHeader> | null;
  if (header === null || typeof header !== 'object') fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Missing index header.');
  const vector = header as PartitionHeader;
  switch (header.kind) {
    case 'exact':
      return ExactVectorIndex.fromPayload(vector, input);
    case 'flat-f32':
    case 'flat-i8':
      return FlatVectorIndex.fromPayload(vector, input);
    case 'hnsw-usearch':
      return UsearchIndex.fromPayload(vector, input, tuning.efSearch === undefined ? {} : { expansionSearch: tuning.efSearch });
    case 'hnsw-hnswlib':
      return HnswlibIndex.fromPayload(vector, input, tuning.efSearch === undefined ? {} : { efSearch: tuning.efSearch });
    case 'hamming-linear':
    case 'hamming-mih':
      return HammingIndex.fromPayload(header, input);
    default:
      return fail('ABG_ERR_SNAPSHOT_CORRUPT', `Unknown index kind ${String(header.kind)}.`);
  }
}

/** Loads a snapshot file (sealed when `key` is given); throws ABG_ERR_SNAPSHOT_CORRUPT when it fails its checksum or tag. */
export async function loadIndex(file: string, key?: SnapshotKey, tuning?: SearchTuning): Promise<{ index: AnyIndex; seq: number }> {
  const { seq, value } = await readSnapshot(file, (input) => readIndexPayload(input, tuning), key);
  return { index: value, seq };
}
