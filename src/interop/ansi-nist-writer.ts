// Writes face records as an ANSI/NIST-ITL transaction in the Traditional encoding: one Type-1, one
// Type-2 per subject that has descriptive fields, one Type-10 per face, with LEN, CNT and IDC
// computed. The result is read back before it is returned, so a transaction this writer hands out
// passes every check the reader makes (mandatory fields, lengths, character sets).
import { readTransaction } from './ansi-nist-reader.ts';
import { RS, US } from './ansi-nist-records.ts';
import { malformed, type FaceRecord, type TaggedField } from './face-record.ts';

const encoder = new TextEncoder();
const computed = (type: number) => new Set(type === 1 ? ['1.001', '1.003'] : [`${type}.001`, `${type}.002`, `${type}.999`]);

/**
 * Writes the transaction; `header` is the Type-1 fields but LEN and CNT (by default those of the
 * first record); `descriptive` adds Type-2 records of subjects without a face record.
 */
export function writeTransaction(faces: readonly FaceRecord[], header: readonly TaggedField[] = faces[0]?.transaction?.fields ?? [], descriptive: readonly { idc: number; fields: TaggedField[] }[] = []): Uint8Array {
  if (header.length === 0) malformed('1.002', 'A transaction needs its Type-1 fields.');
  const type2 = new Map<number, TaggedField[]>(descriptive.map((d) => [d.idc, d.fields]));
  for (const f of faces) if (f.descriptive && !type2.has(f.descriptive.idc)) type2.set(f.descriptive.idc, f.descriptive.fields);
  const cnt = [`1${US}${type2.size + faces.length}`, ...[...type2.keys()].map((idc) => `2${US}${idc2(idc)}`), ...faces.map((f) => `10${US}${idc2(f.idc)}`)].join(RS);
  const type1 = [...checked(1, header), { tag: '1.003', value: cnt }];
  const parts = [taggedRecord(1, type1)];
  for (const [idc, fields] of type2) parts.push(taggedRecord(2, [{ tag: '2.002', value: idc2(idc) }, ...checked(2, fields)]));
  for (const f of faces) parts.push(taggedRecord(10, [{ tag: '10.002', value: idc2(f.idc) }, ...checked(10, f.fields)], f.image));
  const bytes = concat(parts);
  readTransaction(bytes, { allowUserDefinedFields: true });
  return bytes;
}

function idc2(idc: number): string {
  if (!Number.isInteger(idc) || idc < 0 || idc > 99) malformed('IDC', `IDC ${idc} is not 0–99.`);
  return String(idc).padStart(2, '0');
}

function checked(type: number, fields: readonly TaggedField[]): TaggedField[] {
  const seen = new Set<string>();
  for (const f of fields) {
    const m = /^(\d{1,2})\.(\d{3})$/.exec(f.tag);
    if (!m || Number(m[1]) !== type) malformed(f.tag, `Not a tag of a Type-${type} record.`);
    if (computed(type).has(f.tag)) malformed(f.tag, 'The writer computes this field.');
    if (seen.has(f.tag)) malformed(f.tag, 'The field is given twice.');
    seen.add(f.tag);
    if (typeof f.value !== 'string' || f.value.length === 0) malformed(f.tag, 'A field must have a value.');
    if (/[\u0000-\u001d\u007f]/.test(f.value)) malformed(f.tag, 'The value holds a separator or control character.');
    if (f.value.length > 100_000) malformed(f.tag, 'The value is longer than 100000 characters.');
  }
  return [...fields];
}

/** One tagged record: fields in tag order, LEN first and counting itself, DATA last. */
export function taggedRecord(type: number, fields: TaggedField[], data?: Uint8Array): Uint8Array {
  const sorted = [...fields].sort((a, b) => Number(a.tag.split('.')[1]) - Number(b.tag.split('.')[1]));
  const text = sorted.map((f) => `${f.tag}:${f.value}`).join('\u001d');
  const tail = data ? concat([encoder.encode(`\u001d${text}\u001d${type}.999:`), data, Uint8Array.of(0x1c)]) : encoder.encode(`\u001d${text}\u001c`);
  const prefix = `${type}.001:`;
  let length = prefix.length + tail.length + 1;
  while (prefix.length + String(length).length + tail.length !== length) length = prefix.length + String(length).length + tail.length;
  return concat([encoder.encode(`${prefix}${length}`), tail]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
