// The interfaces every matching index implements. Signal types pick an implementation; services
// only see these shapes. Identifiers are opaque strings (sample or signal ids from the store);
// every entry belongs to exactly one gallery, and a filter restricts a search to some galleries.

/** A set of gallery ids a search is restricted to; `undefined` means every gallery. */
export type GalleryFilter = ReadonlySet<string> | readonly string[];

/** One answer of a vector search: cosine similarity, higher is more similar (1 = identical). */
export interface VectorHit {
  readonly id: string;
  readonly gallery: string;
  readonly score: number;
}

/** One answer of a hash search: Hamming distance in bits, lower is more similar. */
export interface HashHit {
  readonly id: string;
  readonly gallery: string;
  readonly distance: number;
}

/** A 256-bit hash: 64 hexadecimal characters, or 32 bytes, most significant byte first. */
export type Hash256 = string | Uint8Array;

/** Appends a snapshot's payload; see snapshot.ts for the file around it. */
export interface PayloadWriter {
  write(bytes: Uint8Array): void;
  writeJson(value: unknown): void;
  /** Appends a file's bytes, streamed in chunks (native index files can exceed a buffer's 2 GiB); returns their number. */
  writeFile(path: string): number;
}

/** Reads a snapshot's payload back in the order it was written. */
export interface PayloadReader {
  read(length: number): Uint8Array;
  readJson(): unknown;
  /** Copies the next `length` bytes into a new file, streamed in chunks. */
  readToFile(length: number, path: string): void;
}

interface IndexCommon {
  /** A stable name of the implementation, stored in snapshots (e.g. 'flat-f32', 'mih'). */
  readonly kind: string;
  /** Number of live entries. */
  readonly size: number;
  has(id: string): boolean;
  /** Removes the entry; returns false when there was none. */
  remove(id: string): boolean;
  /** Writes the index's state; `loadIndex` in snapshot-io.ts reads it back. */
  writePayload(out: PayloadWriter): Promise<void>;
  /** Writes a checksummed snapshot file (atomically: temp file, then rename). */
  save(file: string): Promise<void>;
  /** Releases worker threads and native memory; the index is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * A 1:N index over embedding vectors, compared by cosine similarity.
 * Vectors are normalised to unit length on the way in (cosine similarity does not depend on
 * length, so this loses nothing); a wrong dimension, NaN, infinity or an all-zero vector is
 * rejected with ABG_ERR_INDEX_DIMENSION / ABG_ERR_INDEX_VALUE.
 */
export interface VectorIndex extends IndexCommon {
  readonly dimension: number;
  /** Whether answers equal a brute-force scan (false for HNSW). */
  readonly exact: boolean;
  /** Adds the entry, replacing any entry with the same id. */
  add(id: string, gallery: string, vector: ArrayLike<number>): void;
  /** Adds many entries at once; native indexes build in parallel. */
  addMany(entries: Iterable<VectorEntry>): void;
  /** The k most similar entries, best first (equal scores in id order). */
  search(query: ArrayLike<number>, k: number, filter?: GalleryFilter): Promise<VectorHit[]>;
}

export interface VectorEntry {
  readonly id: string;
  readonly gallery: string;
  readonly vector: ArrayLike<number>;
}

/** A vector index that keeps every vector and hands them back (the exact scans; a graph need not). */
export interface VectorSource {
  /** The entries of one gallery as unit vectors; the vectors are views, valid until the index changes. */
  entriesOf(gallery: string): Iterable<VectorEntry>;
}

export function isVectorSource(index: object): index is VectorSource {
  return typeof (index as Partial<VectorSource>).entriesOf === 'function';
}

/** An exact index over 256-bit hashes (PDQ), compared by Hamming distance. */
export interface HashIndex extends IndexCommon {
  add(id: string, gallery: string, hash: Hash256): void;
  addMany(entries: Iterable<HashEntry>): void;
  /** The k nearest entries, nearest first; ties are broken by id. */
  search(query: Hash256, k: number, filter?: GalleryFilter): Promise<HashHit[]>;
  /** Every entry within maxDistance bits, nearest first; ties are broken by id. */
  searchRadius(query: Hash256, maxDistance: number, filter?: GalleryFilter): Promise<HashHit[]>;
}

export interface HashEntry {
  readonly id: string;
  readonly gallery: string;
  readonly hash: Hash256;
}

/** One committed change in the store, in commit order. `value` is present for 'add'. */
export interface IndexChange<V> {
  readonly seq: number;
  readonly op: 'add' | 'remove';
  readonly id: string;
  readonly gallery: string;
  readonly value?: V;
}

/**
 * The store's change sequence for one index (one signal type, one model). The store implements
 * it; the index is a cache of it. Sequence numbers increase strictly; 0 means "before anything".
 */
export interface IndexChangeFeed<V> {
  latestSeq(): Promise<number>;
  /** Every change with seq > `seq`, in order. */
  changesSince(seq: number): AsyncIterable<IndexChange<V>>;
}

/** The narrow logger the indexes warn through (pino's shape). */
export interface IndexLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
}
