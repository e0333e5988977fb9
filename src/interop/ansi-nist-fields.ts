// What ANSI/NIST-ITL allows in the records this reader interprets: the Type-1 fields per version,
// the Type-10 fields and their values. Reader and writer check against the same tables.
import { fieldValue, integerField, isoDate, malformed, type FeaturePoint, type TaggedField, type TransactionHeader, type FaceCompression } from './face-record.ts';
import { RS, US } from './ansi-nist-records.ts';

export const VERSIONS = ['0200', '0201', '0300', '0400', '0500', '0501', '0502'] as const;
export const TYPE1_MANDATORY = ['1.001', '1.002', '1.003', '1.004', '1.005', '1.007', '1.008', '1.009', '1.011', '1.012'];
export const TYPE10_MANDATORY = ['10.001', '10.002', '10.003', '10.004', '10.005', '10.006', '10.007', '10.008', '10.009', '10.010', '10.011', '10.012'];
export const IMAGE_TYPES = ['FACE', 'SCAR', 'MARK', 'TATTOO', 'OTHER'];
export const COMPRESSIONS: readonly FaceCompression[] = ['JPEGB', 'JPEGL', 'JP2', 'JP2L', 'PNG', 'NONE'];
export const COLOUR_SPACES = ['GRAY', 'RGB', 'SRGB', 'YCC', 'SYCC'];
export const POSES = ['F', 'R', 'L', 'A', 'D'];

/** The highest Type-1 field number a version defines (1-2000 and 1-2007: 15; 1-2011 and its updates: 22). */
function lastType1Field(version: string): number {
  if (version < '0300') return 12;
  if (version < '0500') return 15;
  return 22;
}

/** Checks the Type-1 record and names its main fields. */
export function readType1(fields: TaggedField[]): TransactionHeader {
  for (const tag of TYPE1_MANDATORY) if (fieldValue(fields, tag) === undefined) malformed(tag, 'A mandatory Type-1 field is missing.');
  const version = fieldValue(fields, '1.002')!;
  if (!(VERSIONS as readonly string[]).includes(version)) malformed('1.002', `Version "${version.slice(0, 8)}" is not one of ${VERSIONS.join(', ')}.`);
  const last = lastType1Field(version);
  for (const f of fields) {
    const n = Number(f.tag.slice(2));
    if (n > last) malformed(f.tag, `Field ${f.tag} is not defined for a Type-1 record of version ${version}.`);
    if (f.tag !== '1.003' && /[\u001e\u001f]/.test(f.value) && f.tag !== '1.015' && f.tag !== '1.016') malformed(f.tag, 'Unexpected subfields.');
    if (f.tag !== '1.015' && /[^\u001e\u001f\u0020-\u007e]/.test(f.value)) malformed(f.tag, 'Type-1 fields hold 7-bit ASCII only.');
  }
  const tot = fieldValue(fields, '1.004')!;
  if (!/^[A-Za-z0-9]{1,16}$/.test(tot)) malformed('1.004', 'TOT is 1–16 letters and digits.');
  for (const tag of ['1.007', '1.008', '1.009']) if (fieldValue(fields, tag)!.length === 0 || fieldValue(fields, tag)!.length > 40) malformed(tag, 'The value must have 1–40 characters.');
  for (const tag of ['1.011', '1.012']) if (!/^\d{1,2}\.\d{2}$/.test(fieldValue(fields, tag)!)) malformed(tag, 'A resolution is written NN.NN (pixels per millimetre).');
  return {
    version,
    type: tot,
    date: isoDate(fieldValue(fields, '1.005')!, '1.005'),
    destination: fieldValue(fields, '1.007')!,
    originator: fieldValue(fields, '1.008')!,
    controlNumber: fieldValue(fields, '1.009')!,
    fields: fields.filter((f) => f.tag !== '1.001' && f.tag !== '1.003'),
  };
}

export interface Type10Options {
  /** Accept user-defined fields 10.200–10.900 (default false: their meaning is not agreed between agencies). */
  allowUserDefinedFields?: boolean;
}

/** Checks the fields of a Type-10 record; returns its image type. */
export function checkType10(fields: TaggedField[], options: Type10Options = {}): string {
  for (const f of fields) {
    const n = Number(f.tag.slice(3));
    if (n >= 200 && n <= 900) {
      if (!options.allowUserDefinedFields) malformed(f.tag, 'User-defined fields are not accepted in a Type-10 record: their meaning is not agreed between agencies.');
    } else if (n >= 100 && n < 902) {
      malformed(f.tag, `Field ${f.tag} is reserved and not defined for a Type-10 record.`);
    }
  }
  for (const tag of TYPE10_MANDATORY) if (fieldValue(fields, tag) === undefined) malformed(tag, 'A mandatory Type-10 field is missing.');
  const imt = fieldValue(fields, '10.003')!;
  if (!IMAGE_TYPES.includes(imt)) malformed('10.003', `Image type "${imt.slice(0, 20)}" is not one of ${IMAGE_TYPES.join(', ')}.`);
  if (fieldValue(fields, '10.004')!.length === 0 || fieldValue(fields, '10.004')!.length > 40) malformed('10.004', 'SRC must have 1–40 characters.');
  isoDate(fieldValue(fields, '10.005')!, '10.005');
  integerField(fieldValue(fields, '10.006')!, '10.006', 10, 99_999);
  integerField(fieldValue(fields, '10.007')!, '10.007', 10, 99_999);
  integerField(fieldValue(fields, '10.008')!, '10.008', 0, 2);
  integerField(fieldValue(fields, '10.009')!, '10.009', 1, 99_999);
  integerField(fieldValue(fields, '10.010')!, '10.010', 1, 99_999);
  if (!(COMPRESSIONS as readonly string[]).includes(fieldValue(fields, '10.011')!)) malformed('10.011', `Compression "${fieldValue(fields, '10.011')!.slice(0, 20)}" is not one of ${COMPRESSIONS.join(', ')}.`);
  if (!COLOUR_SPACES.includes(fieldValue(fields, '10.012')!)) malformed('10.012', `Colour space "${fieldValue(fields, '10.012')!.slice(0, 20)}" is not one of ${COLOUR_SPACES.join(', ')}.`);
  const sap = fieldValue(fields, '10.013');
  if (sap !== undefined) integerField(sap, '10.013', 0, 99);
  else if (imt === 'FACE') malformed('10.013', 'SAP, the subject acquisition profile, is mandatory for a face image.');
  const pos = fieldValue(fields, '10.020');
  if (pos !== undefined && !POSES.includes(pos)) malformed('10.020', `Pose "${pos.slice(0, 20)}" is not one of ${POSES.join(', ')}.`);
  const poa = fieldValue(fields, '10.021');
  if (poa !== undefined && !/^[+-]?\d{1,3}$/.test(poa)) malformed('10.021', 'POA is an angle in degrees, -180 to 180.');
  if (poa !== undefined) integerField(poa.replace(/^\+/, ''), '10.021', -180, 180);
  featurePoints(fieldValue(fields, '10.029'));
  return imt;
}

/** The feature points of field 10.029 (FFP): subfields of FPT~FPC~HCX~VCX. */
export function featurePoints(value: string | undefined): FeaturePoint[] {
  if (value === undefined) return [];
  const subfields = value.split(RS);
  if (subfields.length > 200) malformed('10.029', 'More than 200 feature points.');
  return subfields.map((s) => {
    const [type, code, x, y] = s.split(US);
    const t = integerField(type ?? '', '10.029', 1, 2);
    if (!/^\d{1,2}\.\d{1,2}$/.test(code ?? '') && !(t === 2 && /^[A-Za-z0-9.]{1,8}$/.test(code ?? ''))) malformed('10.029', `Feature point code "${(code ?? '').slice(0, 10)}" is not N.N.`);
    return { type: t, code: code!, x: integerField(x ?? '', '10.029', 0, 99_999), y: integerField(y ?? '', '10.029', 0, 99_999) };
  });
}

/** The 10.029 value of feature points. */
export function featurePointsValue(points: readonly FeaturePoint[]): string {
  return points.map((p) => [p.type, p.code, p.x, p.y].join(US)).join(RS);
}

/** The mnemonics of the fields this reader interprets, for display. */
export const FIELD_NAMES: Record<string, string> = {
  '1.002': 'VER', '1.004': 'TOT', '1.005': 'DAT', '1.006': 'PRY', '1.007': 'DAI', '1.008': 'ORI', '1.009': 'TCN', '1.010': 'TCR', '1.011': 'NSR', '1.012': 'NTR', '1.013': 'DOM', '1.014': 'GMT', '1.015': 'DCS',
  '10.003': 'IMT', '10.004': 'SRC', '10.005': 'PHD', '10.006': 'HLL', '10.007': 'VLL', '10.008': 'SLC', '10.009': 'THPS', '10.010': 'TVPS', '10.011': 'CGA', '10.012': 'CSP', '10.013': 'SAP',
  '10.020': 'POS', '10.021': 'POA', '10.029': 'FFP', '2.018': 'NAM', '2.022': 'DOB', '2.024': 'SEX', '2.021': 'CTZ', '2.037': 'RFP',
};
