// Every exchange format, one line each. Selection by name and detection go through here.
import { fail } from '../domain/errors.ts';
import type { ExchangeFormat, RecordKind } from './exchange-format.ts';
import { ansiNistFormat } from './ansi-nist.ts';
import { csvHashSetFormat } from './hashset-csv.ts';
import { isoFaceFormat } from './iso-19794-5.ts';
import { vicsFormat } from './vics.ts';

export const exchangeFormats = [
  vicsFormat,
  csvHashSetFormat,
  ansiNistFormat,
  isoFaceFormat,
] as const satisfies readonly ExchangeFormat[];

export type ExchangeFormatId = (typeof exchangeFormats)[number]['id'];

/** The formats that carry records of `kind`, in registry order. */
export function formatsCarrying<K extends RecordKind>(kind: K): ExchangeFormat<K>[] {
  return (exchangeFormats as readonly ExchangeFormat[]).filter((f): f is ExchangeFormat<K> => f.recordKind === kind);
}

/** The format of `kind` named `id`; an unknown name is a validation error. */
export function exchangeFormat<K extends RecordKind>(kind: K, id: string): ExchangeFormat<K> {
  const formats = formatsCarrying(kind);
  return formats.find((f) => f.id === id) ?? fail('ABG_ERR_VALIDATION', `Unknown format ${JSON.stringify(id)}; expected one of ${formats.map((f) => f.id).join(', ')}.`);
}

/** The first format of `kind` that recognises the document (by file name where one is given), if any. */
export function detectFormat<K extends RecordKind>(kind: K, bytes: Uint8Array, fileName?: string): ExchangeFormat<K> | undefined {
  return formatsCarrying(kind).find((f) => f.detect(bytes, fileName));
}

/** Names of the formats for known-hash lists, as the API and CLI accept them. */
export const hashSetFormatIds = formatsCarrying('hash-set-entry').map((f) => f.id) as [string, ...string[]];

/** Names of the formats for face records (biometric exchange), as the API accepts them. */
export const faceRecordFormatIds = formatsCarrying('face-record').map((f) => f.id) as [string, ...string[]];
