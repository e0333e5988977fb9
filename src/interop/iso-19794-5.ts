// ISO/IEC 19794-5:2005 face image records ("FAC\0", version "010\0"): the record header, then per
// image the facial information block, its feature points, the image information and the JPEG or
// JPEG 2000 data. Each image is one face record; its binary fields are carried by name so that
// writing the record again gives the same bytes. The 2011 edition ("030\0") is refused as unsupported.
import { fail } from '../domain/errors.ts';
import { checkStoredImage } from './face-image-check.ts';
import { hasExtension, type ExchangeFormat } from './exchange-format.ts';
import { fieldValue, integerField, malformed, type FaceRecord, type FeaturePoint, type TaggedField } from './face-record.ts';

const extensions = ['.fac', '.iso', '.iso2005'] as const;
const HEADER = 14;
const INFO = 20;
const POINT = 8;
const IMAGE_INFO = 12;
const MAX_IMAGES = 64;
const COLOUR: Record<number, string> = { 1: 'RGB', 2: 'YCC', 3: 'GRAY' };

/** The names under which the binary fields of one image are carried, in write order, with their byte sizes. */
const INFO_FIELDS = [['gender', 1], ['eyeColour', 1], ['hairColour', 1], ['featureMask', 3], ['expression', 2], ['poseAngle', 3], ['poseAngleUncertainty', 3]] as const;
const IMAGE_FIELDS = [['faceImageType', 1], ['imageDataType', 1], ['width', 2], ['height', 2], ['imageColourSpace', 1], ['sourceType', 1], ['deviceType', 2], ['quality', 2]] as const;

const looksLikeIso = (b: Uint8Array) => b.length >= 8 && b[0] === 0x46 && b[1] === 0x41 && b[2] === 0x43 && b[3] === 0;
const uint = (b: Uint8Array, o: number, n: number) => { let v = 0; for (let i = 0; i < n; i++) v = v * 256 + b[o + i]!; return v; };

/** Reads every facial image of an ISO/IEC 19794-5:2005 record. */
export function readIsoFaceRecords(b: Uint8Array): FaceRecord[] {
  if (b.length === 0) fail('ABG_ERR_EMPTY_FILE');
  if (!looksLikeIso(b)) malformed('formatIdentifier', 'An ISO/IEC 19794-5 record starts with "FAC\\0".');
  const version = String.fromCharCode(b[4]!, b[5]!, b[6]!);
  if (version === '030') fail('ABG_ERR_EXCHANGE_UNSUPPORTED', 'ISO/IEC 19794-5:2011 records (version 030) are not read; send the 2005 edition (010).', { feature: 'iso-19794-5:2011' });
  if (version !== '010' || b[7] !== 0) malformed('version', `Version "${version}" is not 010 (ISO/IEC 19794-5:2005).`);
  if (b.length < HEADER) malformed('recordLength', 'The record header is truncated.');
  const length = uint(b, 8, 4);
  if (length !== b.length) malformed('recordLength', `The header says ${length} bytes; the file has ${b.length}.`);
  const count = uint(b, 12, 2);
  if (count === 0 || count > MAX_IMAGES) malformed('numberOfFacialImages', `${count} images; 1–${MAX_IMAGES} are read.`);
  const out: FaceRecord[] = [];
  let p = HEADER;
  for (let i = 0; i < count; i++) {
    if (p + INFO > b.length) malformed('facialRecordDataLength', `Image ${i + 1} of ${count} is missing.`);
    const blockLength = uint(b, p, 4);
    if (blockLength < INFO + IMAGE_INFO || p + blockLength > b.length) malformed('facialRecordDataLength', `Image ${i + 1}: ${blockLength} bytes declared, ${b.length - p} left.`);
    const points = uint(b, p + 4, 2);
    const imageInfo = p + INFO + points * POINT;
    if (imageInfo + IMAGE_INFO > p + blockLength) malformed('numberOfFeaturePoints', `${points} feature points do not fit the block.`);
    const fields: TaggedField[] = [];
    let q = p + 6;
    for (const [name, n] of INFO_FIELDS) { fields.push({ tag: name, value: String(uint(b, q, n)) }); q += n; }
    const featurePoints: FeaturePoint[] = [];
    for (let k = 0; k < points; k++, q += POINT) {
      const code = b[q + 1]!;
      featurePoints.push({ type: b[q]!, code: `${code >> 4}.${code & 0x0f}`, x: uint(b, q + 2, 2), y: uint(b, q + 4, 2) });
      if (uint(b, q + 6, 2) !== 0) malformed('featurePoint', `Feature point ${k + 1}: the reserved bytes are not zero.`);
    }
    q = imageInfo;
    for (const [name, n] of IMAGE_FIELDS) { fields.push({ tag: name, value: String(uint(b, q, n)) }); q += n; }
    const dataType = Number(fieldValue(fields, 'imageDataType'));
    if (dataType !== 0 && dataType !== 1) malformed('imageDataType', `Image data type ${dataType} is not 0 (JPEG) or 1 (JPEG 2000).`);
    const compression = dataType === 0 ? 'JPEGB' : 'JP2';
    const width = Number(fieldValue(fields, 'width'));
    const height = Number(fieldValue(fields, 'height'));
    const colourSpace = COLOUR[Number(fieldValue(fields, 'imageColourSpace'))] ?? 'RGB';
    const image = b.slice(q, p + blockLength);
    checkStoredImage(compression, colourSpace, image, width, height, { data: 'imageData', width: 'width', height: 'height' });
    out.push({ format: 'iso-19794-5', idc: i, width, height, compression, colourSpace, featurePoints, fields, image });
    p += blockLength;
  }
  if (p !== b.length) malformed('recordLength', `${b.length - p} bytes follow the last image.`);
  return out;
}

/** Writes face records as one ISO/IEC 19794-5:2005 record (the binary fields from each record's named fields). */
export function writeIsoFaceRecords(records: readonly FaceRecord[]): Uint8Array {
  if (records.length > MAX_IMAGES) malformed('numberOfFacialImages', `${records.length} images; at most ${MAX_IMAGES} are written.`);
  const blocks = records.map((r) => {
    const put = (bytes: number[], name: string, n: number, fallback?: number) => {
      const raw = fieldValue(r.fields, name);
      const v = raw === undefined ? (fallback ?? malformed(name, 'The field is missing.')) : integerField(raw, name, 0, 2 ** (8 * n) - 1);
      for (let i = n - 1; i >= 0; i--) bytes.push(Math.floor(v / 256 ** i) % 256);
    };
    const head: number[] = [];
    put(head, 'points', 2, r.featurePoints.length);
    for (const [name, n] of INFO_FIELDS) put(head, name, n);
    for (const fp of r.featurePoints) {
      const m = /^(\d{1,2})\.(\d{1,2})$/.exec(fp.code);
      if (!m || Number(m[1]) > 15 || Number(m[2]) > 15) malformed('featurePoint', `Code "${fp.code}" is not major.minor, each 0–15.`);
      head.push(fp.type & 0xff, (Number(m[1]) << 4) | Number(m[2]), fp.x >> 8, fp.x & 0xff, fp.y >> 8, fp.y & 0xff, 0, 0);
    }
    for (const [name, n] of IMAGE_FIELDS) put(head, name, n);
    const blockLength = 4 + head.length + r.image.length;
    return [Uint8Array.from([blockLength >>> 24, (blockLength >> 16) & 0xff, (blockLength >> 8) & 0xff, blockLength & 0xff, ...head]), r.image];
  }).flat();
  const total = HEADER + blocks.reduce((n, x) => n + x.length, 0);
  const header = Uint8Array.from([0x46, 0x41, 0x43, 0, 0x30, 0x31, 0x30, 0, total >>> 24, (total >> 16) & 0xff, (total >> 8) & 0xff, total & 0xff, records.length >> 8, records.length & 0xff]);
  const out = new Uint8Array(total);
  let o = 0;
  for (const part of [header, ...blocks]) { out.set(part, o); o += part.length; }
  if (records.length > 0) readIsoFaceRecords(out);
  return out;
}

export const isoFaceFormat = {
  id: 'iso-19794-5',
  description: 'ISO/IEC 19794-5:2005 face image record (JPEG or JPEG 2000)',
  mediaType: 'application/octet-stream',
  extensions,
  recordKind: 'face-record',
  detect: (bytes, fileName) => (fileName !== undefined ? hasExtension(fileName, extensions) : looksLikeIso(bytes)),
  parse: (bytes) => {
    if (bytes.length === HEADER && looksLikeIso(bytes) && uint(bytes, 12, 2) === 0 && uint(bytes, 8, 4) === HEADER) return { records: [], errors: [] };
    return { records: readIsoFaceRecords(bytes), errors: [] };
  },
  write: writeIsoFaceRecords,
} as const satisfies ExchangeFormat<'face-record', 'iso-19794-5'>;
