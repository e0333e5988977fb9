// Face transactions for the exchange-format tests: the NIST reference files (absent on machines
// without ../shared/data/ansi-nist/) and small synthetic ones written by the project's writer.
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { defaultTransactionFields } from '../interop/ansi-nist.ts';
import { readTransaction } from '../interop/ansi-nist-reader.ts';
import { writeTransaction } from '../interop/ansi-nist-writer.ts';
import type { FaceRecord, FeaturePoint, TaggedField } from '../interop/face-record.ts';
import { featurePointsValue } from '../interop/ansi-nist-fields.ts';
import { sharedData } from './face-test-data.ts';

export const ansiNist = `${sharedData}ansi-nist/`;
export const ansiNistAbsent = !existsSync(`${ansiNist}nbis/face_jpb.an2`) ? 'shared data not found: ../shared/data/ansi-nist/' : false;

/** The six NIST face transactions, by file, with the image file of the same record and its compression. */
export const nbisFaces = [
  { file: 'face_jp2.an2', image: 'face_jp2.jp2', compression: 'JP2' },
  { file: 'face_jp2l.an2', image: 'face_jp2l.jp2', compression: 'JP2L' },
  { file: 'face_jpb.an2', image: 'face_jpb.jpg', compression: 'JPEGB' },
  { file: 'face_jpl.an2', image: 'face_jpl.jpg', compression: 'JPEGL' },
  { file: 'face_png.an2', image: 'face_png.png', compression: 'PNG' },
  { file: 'face_raw.an2', image: 'face_raw.rgb', compression: 'NONE' },
] as const;

/** A small PNG of a gradient, `width` × `height`. */
export async function gradientPng(width = 24, height = 32, seed = 0): Promise<Uint8Array> {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) { data[i * 3] = (i + seed) % 256; data[i * 3 + 1] = (i * 3) % 256; data[i * 3 + 2] = seed % 256; }
  return new Uint8Array(await sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer());
}

export interface SyntheticFace {
  png: Uint8Array;
  width: number;
  height: number;
  idc?: number;
  imageType?: string;
  points?: FeaturePoint[];
  type2?: TaggedField[];
  extra?: TaggedField[];
}

/** Type-10 fields for a PNG face image. */
export function type10Fields(f: SyntheticFace): TaggedField[] {
  return [
    { tag: '10.003', value: f.imageType ?? 'FACE' },
    { tag: '10.004', value: 'XXPOLICE1' },
    { tag: '10.005', value: '20240117' },
    { tag: '10.006', value: String(f.width) },
    { tag: '10.007', value: String(f.height) },
    { tag: '10.008', value: '1' },
    { tag: '10.009', value: '300' },
    { tag: '10.010', value: '300' },
    { tag: '10.011', value: 'PNG' },
    { tag: '10.012', value: 'SRGB' },
    { tag: '10.013', value: '1' },
    { tag: '10.020', value: 'F' },
    ...(f.points?.length ? [{ tag: '10.029', value: featurePointsValue(f.points) }] : []),
    ...(f.extra ?? []),
  ];
}

/** A transaction of the given faces written by the project's writer. */
export function syntheticTransaction(faces: SyntheticFace[], tcn = 'TCN-0001'): Uint8Array {
  const header = defaultTransactionFields('XXPOLICE1', 'ABGLEICH1', tcn, new Date('2024-01-18T00:00:00Z'));
  const records = faces.map((f, i) => ({
    idc: f.idc ?? i + 1,
    fields: type10Fields(f),
    image: f.png,
    ...(f.type2 ? { descriptive: { idc: f.idc ?? i + 1, fields: f.type2 } } : {}),
  })) as unknown as FaceRecord[];
  return writeTransaction(records, header);
}

/** The face records of a synthetic transaction, as the reader returns them. */
export function syntheticFaces(faces: SyntheticFace[]): FaceRecord[] {
  return readTransaction(syntheticTransaction(faces)).faces;
}

/** A small JPEG of a gradient. */
export async function gradientJpeg(width = 24, height = 32, seed = 0): Promise<Uint8Array> {
  return new Uint8Array(await sharp(await gradientPng(width, height, seed)).jpeg({ quality: 90 }).toBuffer());
}

/** An ISO/IEC 19794-5:2005 face record of a JPEG image, as the reader returns one. */
export function isoFace(jpeg: Uint8Array, width: number, height: number, idc: number, points: FeaturePoint[] = []): FaceRecord {
  const fields: TaggedField[] = [
    ['gender', '1'], ['eyeColour', '2'], ['hairColour', '3'], ['featureMask', '1'], ['expression', '1'], ['poseAngle', '0'], ['poseAngleUncertainty', '0'],
    ['faceImageType', '1'], ['imageDataType', '0'], ['width', String(width)], ['height', String(height)], ['imageColourSpace', '1'], ['sourceType', '2'], ['deviceType', '0'], ['quality', '0'],
  ].map(([tag, value]) => ({ tag: tag!, value: value! }));
  return { format: 'iso-19794-5', idc, width, height, compression: 'JPEGB', colourSpace: 'RGB', featurePoints: points, fields, image: jpeg };
}
