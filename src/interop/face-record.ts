// The face record both biometric exchange formats carry (ANSI/NIST-ITL Type-10, ISO/IEC 19794-5):
// the image as stored, its capture metadata, and the transaction and descriptive fields around it.
import { fail } from '../domain/errors.ts';

/** One tagged field as written: `tag` like "1.008" or "10.020", `value` with subfields split by RS (0x1E) and items by US (0x1F). */
export interface TaggedField {
  tag: string;
  value: string;
}

/** A landmark: MPEG-4 feature point code (e.g. "3.5", the centre of the left eye) at pixel coordinates of the stored image. */
export interface FeaturePoint {
  /** 1: MPEG-4 (ISO/IEC 14496-2) feature point; 2: anthropometric landmark. */
  type: number;
  code: string;
  x: number;
  y: number;
}

export type FaceCompression = 'JPEGB' | 'JPEGL' | 'JP2' | 'JP2L' | 'PNG' | 'NONE';

/** The Type-1 record of an ANSI/NIST-ITL transaction, with its main fields named. */
export interface TransactionHeader {
  version: string;
  /** TOT, the type of transaction. */
  type: string;
  /** DAT, as YYYY-MM-DD. */
  date: string;
  /** DAI, the destination agency. */
  destination: string;
  /** ORI, the originating agency. */
  originator: string;
  /** TCN, the transaction control number. */
  controlNumber: string;
  /** Every field but LEN and CNT (which the writer computes), in order. */
  fields: TaggedField[];
}

export interface FaceRecord {
  format: 'ansi-nist-itl' | 'iso-19794-5';
  /** ANSI/NIST-ITL only: the transaction the record came in. */
  transaction?: TransactionHeader;
  /** ANSI/NIST-ITL only: the Type-2 (descriptive text) record of the same subject, fields carried as they are. */
  descriptive?: { idc: number; fields: TaggedField[] };
  /** Information designation character: ties the records of one subject within a transaction. */
  idc: number;
  /** SRC: the agency that captured the image. */
  source?: string;
  /** PHD: the capture date, YYYY-MM-DD. */
  captureDate?: string;
  width: number;
  height: number;
  compression: FaceCompression;
  /** GRAY, RGB, SRGB, YCC or SYCC. */
  colourSpace: string;
  /** POS: F (frontal), R, L (profiles), A (angled), D (determined by POA). */
  pose?: string;
  featurePoints: FeaturePoint[];
  /** Every field of the face record but LEN, IDC and DATA (ANSI/NIST tags; ISO/IEC 19794-5 field names), in order. */
  fields: TaggedField[];
  /** The image exactly as stored in the record. */
  image: Uint8Array;
}

/** Throws ABG_ERR_EXCHANGE_MALFORMED naming `field`. */
export function malformed(field: string, reason: string): never {
  fail('ABG_ERR_EXCHANGE_MALFORMED', `Field ${field}: ${reason}`, { field, reason });
}

/** The value of the first field tagged `tag`, if any. */
export function fieldValue(fields: readonly TaggedField[], tag: string): string | undefined {
  return fields.find((f) => f.tag === tag)?.value;
}

/** A YYYYMMDD date as YYYY-MM-DD; a malformed or impossible date names `field`. */
export function isoDate(value: string, field: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value) ?? malformed(field, `"${value.slice(0, 20)}" is not a date YYYYMMDD.`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) malformed(field, `${value} is not a calendar date.`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** A decimal integer within [min, max]; anything else names `field`. */
export function integerField(value: string, field: string, min: number, max: number): number {
  if (!/^-?\d{1,9}$/.test(value)) malformed(field, `"${value.slice(0, 20)}" is not an integer.`);
  const n = Number(value);
  if (n < min || n > max) malformed(field, `${n} is outside ${min}–${max}.`);
  return n;
}
