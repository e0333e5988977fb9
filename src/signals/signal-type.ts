// The plug-in interface every signal type implements. A signal type is one folder under
// src/signals/ exporting one object; the registry lists them. `name` is stored in the database,
// so it is a literal that never changes.

/** What a signal can be computed from. */
export type ContentType = 'photo' | 'video' | 'file';

/** Which index family serves a signal; every kind also has a brute-force path via `compare`. */
export type IndexKind = 'exact' | 'hamming256' | 'vector-cosine' | 'frame-set' | 'audio-alignment';

/** The media a signal is computed from. */
export interface SignalInput {
  bytes: Uint8Array;
  /** Path of the file on disk, where there is one (video decoding streams from it). */
  path?: string;
  contentType: ContentType;
}

export interface Comparison {
  /** Type-specific distance (Hamming bits for PDQ, 0/1 for exact digests, 100 − match % for vPDQ, bit error rate for audio). */
  distance: number;
  match: boolean;
}

export interface SignalType<V> {
  readonly name: string;
  readonly contentTypes: readonly ContentType[];
  readonly indexKind: IndexKind;
  /** Checks and normalises a stored or imported value; throws a coded error otherwise. */
  validate(value: unknown): V;
  compute(input: SignalInput): Promise<V>;
  /** The brute-force comparison every index must agree with. */
  compare(a: V, b: V): Comparison;
  /** Whether a value carries enough structure to be matched at all (a quality floor); absent: always. */
  usable?(value: V): boolean;
  /** Valid values for contract tests: `same` matches `value`, `other` does not. */
  readonly examples: readonly { value: V; same: V; other: V }[];
}
