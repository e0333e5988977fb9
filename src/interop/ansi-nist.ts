// ANSI/NIST-ITL 1-2011 (Update 2015) and its earlier versions, Traditional encoding, as an exchange
// format of face records: each Type-10 face is one record; every other record is reported as a
// row not imported; a transaction with records but no face is ABG_ERR_NO_FACE_RECORD.
import { fail } from '../domain/errors.ts';
import { readTransaction, looksLikeAnsiNist } from './ansi-nist-reader.ts';
import { writeTransaction } from './ansi-nist-writer.ts';
import { hasExtension, type ExchangeFormat } from './exchange-format.ts';
import type { TaggedField } from './face-record.ts';

const extensions = ['.an2', '.eft', '.nist'] as const;

/** Type-1 fields for a transaction written without a record to take them from. */
export function defaultTransactionFields(originator: string, destination: string, controlNumber: string, date = new Date()): TaggedField[] {
  const day = date.toISOString().slice(0, 10).replaceAll('-', '');
  return [
    { tag: '1.002', value: '0502' },
    { tag: '1.004', value: 'FACE' },
    { tag: '1.005', value: day },
    { tag: '1.007', value: destination },
    { tag: '1.008', value: originator },
    { tag: '1.009', value: controlNumber },
    { tag: '1.011', value: '00.00' },
    { tag: '1.012', value: '00.00' },
  ];
}

export const ansiNistFormat = {
  id: 'ansi-nist',
  description: 'ANSI/NIST-ITL transaction, Traditional encoding (Type-1, Type-2, Type-10 face records)',
  mediaType: 'application/octet-stream',
  extensions,
  recordKind: 'face-record',
  detect: (bytes, fileName) => (fileName !== undefined ? hasExtension(fileName, extensions) : looksLikeAnsiNist(bytes)),
  parse(bytes) {
    const t = readTransaction(bytes);
    if (t.faces.length === 0 && t.skipped.length > 0) fail('ABG_ERR_NO_FACE_RECORD', `It holds ${t.skipped.map((s) => `Type-${s.type}`).join(', ')} records.`, { skipped: t.skipped });
    return { records: t.faces, errors: t.skipped.map((s) => ({ row: s.position, reason: s.reason })) };
  },
  write: (records) => writeTransaction(records, records[0]?.transaction?.fields ?? defaultTransactionFields('ABGLEICH', 'ABGLEICH', 'EMPTY', new Date(0))),
} as const satisfies ExchangeFormat<'face-record', 'ansi-nist'>;
