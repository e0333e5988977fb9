// The Traditional encoding of ANSI/NIST-ITL: records one after another, in the order the Type-1
// CNT field lists them. Tagged records ("T.001:LEN" GS … FS) hold text fields, and a last binary
// field (T.999) whose bytes run to the record's declared length; binary records (Types 3–8) start
// with a 4-byte big-endian length. Every length is checked against the bytes that are there.
import { malformed, type TaggedField } from './face-record.ts';

export const FS = 0x1c;
export const GS = 0x1d;
export const RS = '\u001e';
export const US = '\u001f';

/** Record types of ANSI/NIST-ITL 1-2011 (Update 2015); 3–8 have binary headers. */
export const KNOWN_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 98, 99]);
export const BINARY_TYPES = new Set([3, 4, 5, 6, 7, 8]);

/** One record as stored: its fields (text) and, for a tagged record with a T.999 field, the binary data. */
export interface RawRecord {
  type: number;
  idc: number;
  /** 1-based position in the transaction (1 is the Type-1 record). */
  position: number;
  fields: TaggedField[];
  data?: Uint8Array;
}

const MAX_RECORDS = 1000;
const MAX_FIELDS = 10_000;
const text = new TextDecoder('utf-8', { fatal: true });

/** The records of a transaction in the Traditional encoding; any structural fault names its field. */
export function readRecords(bytes: Uint8Array): RawRecord[] {
  const type1 = readTagged(bytes, 0, 1, 1);
  const cnt = type1.record.fields.find((f) => f.tag === '1.003') ?? malformed('1.003', 'CNT, the list of records, is missing.');
  const listed = contentList(cnt.value);
  const records: RawRecord[] = [{ ...type1.record, idc: 0 }];
  let pos = type1.end;
  for (const [i, entry] of listed.entries()) {
    if (pos >= bytes.length) malformed('1.003', `CNT lists ${listed.length} records; the file ends after ${i}.`);
    if (BINARY_TYPES.has(entry.type)) {
      if (pos + 5 > bytes.length) malformed(`${entry.type}.001`, 'The binary record header is truncated.');
      const length = ((bytes[pos]! << 24) | (bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!) >>> 0;
      if (length < 5 || pos + length > bytes.length) malformed(`${entry.type}.001`, `Declared length ${length} runs past the end of the file (${bytes.length - pos} bytes left).`);
      if (bytes[pos + 4] !== entry.idc) malformed(`${entry.type}.002`, `IDC ${bytes[pos + 4]} differs from ${entry.idc} in CNT.`);
      records.push({ type: entry.type, idc: entry.idc, position: i + 2, fields: [] });
      pos += length;
    } else {
      const r = readTagged(bytes, pos, entry.type, i + 2);
      const idc = r.record.fields.find((f) => f.tag === `${entry.type}.002`)?.value;
      if (idc === undefined || !/^\d{1,2}$/.test(idc) || Number(idc) !== entry.idc) malformed(`${entry.type}.002`, `IDC ${JSON.stringify(idc ?? null)} differs from ${entry.idc} in CNT.`);
      records.push({ ...r.record, idc: entry.idc });
      pos = r.end;
    }
  }
  if (pos !== bytes.length) malformed('1.003', `${bytes.length - pos} bytes follow the last record CNT lists.`);
  return records;
}

/** The CNT field: "1~n" then n entries "type~IDC". */
function contentList(value: string): { type: number; idc: number }[] {
  const subfields = value.split(RS);
  const first = subfields[0]!.split(US);
  if (first[0] !== '1' || !/^\d{1,4}$/.test(first[1] ?? '')) malformed('1.003', 'CNT must start with 1~<number of further records>.');
  const n = Number(first[1]);
  if (n !== subfields.length - 1 || n > MAX_RECORDS) malformed('1.003', `CNT counts ${n} records but lists ${subfields.length - 1}.`);
  return subfields.slice(1).map((s) => {
    const [type, idc, ...rest] = s.split(US);
    if (!/^\d{1,2}$/.test(type ?? '') || !/^\d{1,2}$/.test(idc ?? '') || rest.length > 0) malformed('1.003', `"${s.slice(0, 20)}" is not type~IDC.`);
    if (!KNOWN_TYPES.has(Number(type)) || Number(type) === 1) malformed('1.003', `Record type ${Number(type)} is not an ANSI/NIST-ITL record type.`);
    return { type: Number(type), idc: Number(idc) };
  });
}

/** A tagged record starting at `start`, ending at its declared LEN with FS. */
function readTagged(bytes: Uint8Array, start: number, type: number, position: number): { record: Omit<RawRecord, 'idc'>; end: number } {
  const lenTag = `${type}.001:`;
  const lenField = `${type}.001`;
  for (let i = 0; i < lenTag.length; i++) {
    if (bytes[start + i] !== lenTag.charCodeAt(i)) malformed(lenField, `Record ${position} does not start with ${lenTag} (expected a Type-${type} record).`);
  }
  let p = start + lenTag.length;
  let digits = '';
  while (p < bytes.length && bytes[p] !== GS && bytes[p] !== FS && digits.length < 12) digits += String.fromCharCode(bytes[p++]!);
  if (!/^\d{1,10}$/.test(digits)) malformed(lenField, `"${digits.slice(0, 12)}" is not a record length.`);
  const length = Number(digits);
  const end = start + length;
  if (end > bytes.length) malformed(lenField, `Declared length ${length} runs past the end of the file (${bytes.length - start} bytes left).`);
  if (length <= p - start || bytes[end - 1] !== FS) malformed(lenField, `Declared length ${length} does not end at a file separator.`);
  const fields: TaggedField[] = [];
  let data: Uint8Array | undefined;
  p = start;
  while (p < end) {
    const colon = bytes.indexOf(0x3a, p);
    if (colon < 0 || colon >= end || colon - p > 12) malformed(`${type}.?`, `A field at byte ${p - start} of record ${position} has no tag.`);
    const tag = latin1(bytes, p, colon);
    const m = /^(\d{1,2})\.(\d{1,3})$/.exec(tag) ?? malformed(`${type}.?`, `"${tag}" is not a field tag.`);
    if (Number(m[1]) !== type) malformed(tag, `Tag of record type ${m[1]} inside a Type-${type} record.`);
    const name = `${type}.${m[2]!.padStart(3, '0')}`;
    if (fields.length >= MAX_FIELDS) malformed(name, 'Too many fields in one record.');
    if (Number(m[2]) === 999 && type !== 1 && type !== 2) {
      data = bytes.subarray(colon + 1, end - 1);
      p = end;
      break;
    }
    let q = colon + 1;
    while (q < end && bytes[q] !== GS && bytes[q] !== FS) q++;
    if (q >= end) malformed(name, 'The field does not end with a separator.');
    let value: string;
    try {
      value = text.decode(bytes.subarray(colon + 1, q));
    } catch {
      malformed(name, 'The value is not valid UTF-8 text.');
    }
    if (/[\u0000-\u001d\u007f]/.test(value)) malformed(name, 'The value holds a control character.');
    if (fields.length > 0 && fields.at(-1)!.tag >= name) malformed(name, 'Fields are out of order or repeated.');
    fields.push({ tag: name, value });
    p = q + 1;
    if (bytes[q] === FS && q !== end - 1) malformed(name, 'A file separator inside the record.');
  }
  return { record: { type, position, fields, ...(data ? { data } : {}) }, end };
}

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]!);
  return s;
}
