// Reads an ANSI/NIST-ITL transaction (Traditional encoding) into its face records: the Type-1
// header, the Type-2 descriptive records carried as they are, each Type-10 face image with its
// metadata; every other record is skipped and listed.
import { fail } from '../domain/errors.ts';
import { readRecords, type RawRecord } from './ansi-nist-records.ts';
import { checkType10, featurePoints, readType1, type Type10Options } from './ansi-nist-fields.ts';
import { checkStoredImage } from './face-image-check.ts';
import { fieldValue, isoDate, malformed, type FaceCompression, type FaceRecord, type TransactionHeader } from './face-record.ts';

export interface SkippedRecord {
  position: number;
  type: number;
  idc: number;
  reason: string;
}

export interface Transaction {
  header: TransactionHeader;
  faces: FaceRecord[];
  skipped: SkippedRecord[];
}

const TYPE_NAMES: Record<number, string> = {
  3: 'low-resolution fingerprint', 4: 'fingerprint', 5: 'binary fingerprint', 6: 'binary fingerprint', 7: 'user-defined image', 8: 'signature',
  9: 'minutiae', 13: 'latent friction ridge', 14: 'fingerprint', 15: 'palm print', 16: 'user-defined test image', 17: 'iris', 18: 'DNA',
  19: 'plantar', 20: 'source representation', 21: 'associated context', 22: 'non-photographic imagery', 98: 'assurance', 99: 'biometric data block',
};

/** Whether the bytes start like a Traditional-encoding transaction. */
export const looksLikeAnsiNist = (b: Uint8Array): boolean => b.length >= 6 && String.fromCharCode(...b.subarray(0, 6)) === '1.001:';

/** Reads a transaction; a structural or field error is ABG_ERR_EXCHANGE_MALFORMED naming the field. */
export function readTransaction(bytes: Uint8Array, options: Type10Options = {}): Transaction {
  if (bytes.length === 0) fail('ABG_ERR_EMPTY_FILE');
  if (!looksLikeAnsiNist(bytes)) {
    const head = String.fromCharCode(...bytes.subarray(0, 64)).trimStart();
    if (head.startsWith('<')) fail('ABG_ERR_EXCHANGE_UNSUPPORTED', 'The XML encoding of ANSI/NIST-ITL is not read; send the Traditional encoding.', { feature: 'xml-encoding' });
    malformed('1.001', 'A transaction starts with the Type-1 field 1.001.');
  }
  const records = readRecords(bytes);
  const header = readType1(records[0]!.fields);
  const type2 = records.filter((r) => r.type === 2);
  const faces: FaceRecord[] = [];
  const skipped: SkippedRecord[] = [];
  for (const r of records.slice(1)) {
    if (r.type === 2) continue;
    if (r.type !== 10) {
      skipped.push({ position: r.position, type: r.type, idc: r.idc, reason: `Type-${r.type} record (${TYPE_NAMES[r.type] ?? 'other'}) is not read.` });
      continue;
    }
    const imt = checkType10(r.fields, options);
    if (imt !== 'FACE') {
      skipped.push({ position: r.position, type: 10, idc: r.idc, reason: `Type-10 record of image type ${imt} is not a face.` });
      continue;
    }
    faces.push(faceRecord(r, header, type2.find((t) => t.idc === r.idc)));
  }
  return { header, faces, skipped };
}

/** The face records of a transaction; one without any is ABG_ERR_NO_FACE_RECORD. */
export function readFaceRecords(bytes: Uint8Array, options: Type10Options = {}): FaceRecord[] {
  const t = readTransaction(bytes, options);
  if (t.faces.length === 0) {
    fail('ABG_ERR_NO_FACE_RECORD', `It holds ${t.skipped.length ? t.skipped.map((s) => `Type-${s.type}`).join(', ') : 'no further'} records.`, { skipped: t.skipped });
  }
  return t.faces;
}

function faceRecord(r: RawRecord, header: TransactionHeader, type2: RawRecord | undefined): FaceRecord {
  const f = r.fields;
  const image = r.data ?? malformed('10.999', 'DATA, the image, is missing.');
  const width = Number(fieldValue(f, '10.006'));
  const height = Number(fieldValue(f, '10.007'));
  const compression = fieldValue(f, '10.011') as FaceCompression;
  const colourSpace = fieldValue(f, '10.012')!;
  checkStoredImage(compression, colourSpace, image, width, height, { data: '10.999', width: '10.006', height: '10.007' });
  const pose = fieldValue(f, '10.020');
  return {
    format: 'ansi-nist-itl',
    transaction: header,
    ...(type2 ? { descriptive: { idc: type2.idc, fields: type2.fields.filter((x) => x.tag !== '2.001' && x.tag !== '2.002') } } : {}),
    idc: r.idc,
    source: fieldValue(f, '10.004')!,
    captureDate: isoDate(fieldValue(f, '10.005')!, '10.005'),
    width,
    height,
    compression,
    colourSpace,
    ...(pose ? { pose } : {}),
    featurePoints: featurePoints(fieldValue(f, '10.029')),
    fields: f.filter((x) => x.tag !== '10.001' && x.tag !== '10.002'),
    image: new Uint8Array(image),
  };
}
