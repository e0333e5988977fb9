// What the indexes over a native approximate-search library (hnswlib, usearch) have in common:
// one native graph per gallery, built and read back with the index's settings.
import { PartitionedVectorIndex, type VectorShard } from './vector-partitions.ts';
import type { PayloadReader } from './types.ts';

/** A shard class of a native library: made empty, or read from a snapshot, with the settings. */
export interface NativeShardType<S extends VectorShard, C> {
  new (dim: number, settings: C): S;
  read(input: PayloadReader, dim: number, settings: C): Promise<S>;
}

/** A partitioned vector index whose shards are native approximate graphs built with `settings`. */
export abstract class NativeGraphIndex<S extends VectorShard, C extends Record<string, unknown>> extends PartitionedVectorIndex<S> {
  readonly exact = false;

  constructor(dimension: number, readonly settings: C, private readonly shardType: NativeShardType<S, C>) {
    super(dimension);
  }

  protected createShard(): S {
    return new this.shardType(this.dimension, this.settings);
  }

  protected readShard(input: PayloadReader): Promise<S> {
    return this.shardType.read(input, this.dimension, this.settings);
  }

  protected config(): Record<string, unknown> {
    return { ...this.settings };
  }
}
