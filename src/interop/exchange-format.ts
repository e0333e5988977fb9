// An exchange format plug-in: one document format for records shared with other systems, detected,
// parsed (bad rows reported one by one, the rest kept) and written. src/interop/registry.ts lists them.
import type { HashRecord, RowError } from '../services/ports/hashset-formats.ts';
import type { FaceRecord } from './face-record.ts';

/** The records the formats carry, by kind. */
export interface ExchangeRecords {
  'hash-set-entry': HashRecord;
  /** A face image with its capture metadata (ANSI/NIST-ITL Type-10, ISO/IEC 19794-5). */
  'face-record': FaceRecord;
}

export type RecordKind = keyof ExchangeRecords;

export interface ParsedDocument<R> {
  records: R[];
  /** One per row that was not imported. */
  errors: RowError[];
}

export interface ExchangeFormat<K extends RecordKind = RecordKind, Id extends string = string> {
  /** Stable name, as the API and CLI accept it. */
  readonly id: Id;
  readonly description: string;
  /** The media type of a written document. */
  readonly mediaType: string;
  /** File name extensions, lower case with the dot; the first is the one to write. */
  readonly extensions: readonly string[];
  readonly recordKind: K;
  /** Whether the document is in this format: by its file name where one is given, else by its content. */
  detect(bytes: Uint8Array, fileName?: string): boolean;
  /** Parses a document; `defaults` fill fields the document leaves out. A document-level error throws a coded error. */
  parse(bytes: Uint8Array, defaults?: Partial<ExchangeRecords[K]>): ParsedDocument<ExchangeRecords[K]>;
  /** Writes the records as one document. */
  write(records: readonly ExchangeRecords[K][]): Uint8Array;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** UTF-8 text of a document (a byte order mark is kept for the parser to judge). */
export const utf8Text = (bytes: Uint8Array): string => decoder.decode(bytes);
export const utf8Bytes = (text: string): Uint8Array => encoder.encode(text);

/** Whether `fileName` ends in one of `extensions`. */
export function hasExtension(fileName: string, extensions: readonly string[]): boolean {
  const lower = fileName.toLowerCase();
  return extensions.some((e) => lower.endsWith(e));
}
