// What hash-set import and export need from the exchange formats (VICS 2.0 JSON, CSV): parse an
// uploaded list, write a set in a named format. src/interop implements it over its format registry.

/** One entry of a known-hash list, as a list in an exchange format carries it. */
export interface HashRecord {
  md5?: string;
  sha1?: string;
  sha256?: string;
  pdq?: string;
  /** Chromaprint audio fingerprint (see docs/audio.md for its text form). */
  audio?: { durationSeconds: number; fingerprint: string };
  /** Category in the source's own scheme (kept as text; the hash set names the scheme). */
  category: string;
  name?: string;
  /** Identifier in the source (e.g. VICS MediaID). */
  sourceId?: string;
}

/** A row of a document that was not imported, and why. */
export interface RowError {
  /** 1-based line (CSV) or 0-based index into Media[] (VICS). */
  row: number;
  reason: string;
}

export interface ParsedHashList {
  records: HashRecord[];
  errors: RowError[];
}

export interface HashSetFormats {
  /** Parses a list in the named format (`defaultCategory` for rows without one): malformed rows come back as errors, a malformed document throws a coded error. */
  parse(format: string, text: string, defaultCategory?: string): ParsedHashList;
  /** Writes records in the named format, with the media type of the result. */
  write(format: string, records: readonly HashRecord[]): { text: string; mediaType: string };
}
