// The FaceRecordExchange port over the face-record formats. Uploads in the exchange formats
// (ANSI/NIST-ITL .an2/.eft/.nist, ISO/IEC 19794-5) become one enrollment file per face record: its
// image in a form the face pipeline reads, and a manifest entry with the transaction's provenance
// (ORI, TCN, SRC, capture date) and core data filled from Type-2 fields through the field mapping;
// a probe brings its landmarks; a document is read for display.
import type { CoreData } from '../domain/workflow.ts';
import { fail } from '../domain/errors.ts';
import type { ManifestEntry } from '../services/enrollment-items.ts';
import type { ExchangeUpload, ExchangeView, FaceRecordExchange } from '../services/ports/face-record-exchange.ts';
import { disclosureTransactions } from './disclosure-transaction.ts';
import { defaultExchangeFieldMapping, type ExchangeFieldMapping } from './exchange-field-mapping.ts';
import { detectFormat } from './registry.ts';
import { pipelineImage } from './face-image.ts';
import type { FaceRecord } from './face-record.ts';
import { alignmentLandmarks } from './feature-point-landmarks.ts';
import { FIELD_NAMES } from './ansi-nist-fields.ts';
import type { FaceLandmark } from '../domain/face.ts';



/** The face-record format of an upload, by its file name or else by its content. */
const faceFormatOf = (fileName: string, data: Uint8Array) => detectFormat('face-record', data, fileName) ?? detectFormat('face-record', data);

/** Provenance and core data of one face record. */
export function entryOf(record: FaceRecord, mapping: ExchangeFieldMapping, fallbackRef: string): ManifestEntry {
  const t = record.transaction;
  const coreData: CoreData = {};
  for (const f of record.descriptive?.fields ?? []) {
    const key = mapping[f.tag];
    if (key && f.value) coreData[key] = f.value.replaceAll('\u001e', '; ').replaceAll('\u001f', ' ');
  }
  const source = t
    ? `ANSI/NIST-ITL ${t.version} ORI ${t.originator}, TCN ${t.controlNumber}, SRC ${record.source ?? '-'}`
    : `ISO/IEC 19794-5 record ${fallbackRef}`;
  return {
    subjectRef: t ? (record.idc > 0 ? `${t.controlNumber}-${record.idc}` : t.controlNumber) : fallbackRef,
    ...(Object.keys(coreData).length ? { coreData } : {}),
    source,
    ...(record.captureDate ? { captureDate: record.captureDate } : {}),
  };
}

/** Splits exchange documents among the uploads into one file per face record; other files pass as they are. */
export async function expandExchangeUploads(files: { fileName: string; data: Uint8Array }[], mapping: ExchangeFieldMapping = defaultExchangeFieldMapping, maxPixels?: number): Promise<ExchangeUpload[]> {
  const out: ExchangeUpload[] = [];
  for (const file of files) {
    const format = faceFormatOf(file.fileName, file.data);
    if (!format) { out.push(file); continue; }
    const { records } = format.parse(file.data);
    for (const r of records) {
      const name = `${file.fileName}#${r.idc}`;
      out.push({ fileName: name, data: await pipelineImage(r, maxPixels ? { maxPixels } : {}), entry: entryOf(r, mapping, name) });
    }
  }
  return out;
}

/** A search probe: an ordinary image as it is; an exchange document's first face record as its image, with landmarks from its feature points. */
export async function probeFromUpload(fileName: string, data: Uint8Array, maxPixels?: number): Promise<{ probe: Uint8Array; probeLandmarks?: FaceLandmark[] }> {
  const format = faceFormatOf(fileName, data);
  if (!format) return { probe: data };
  const record = format.parse(data).records[0] ?? fail('ABG_ERR_NO_FACE_RECORD');
  const landmarks = alignmentLandmarks(record.featurePoints);
  return { probe: await pipelineImage(record, maxPixels ? { maxPixels } : {}), ...(landmarks ? { probeLandmarks: landmarks } : {}) };
}

/** What the workbench shows of an uploaded exchange document: per face record its fields (with mnemonics) beside a viewable image. */
export async function inspectExchangeFile(fileName: string, data: Uint8Array, maxPixels?: number): Promise<ExchangeView> {
  const format = faceFormatOf(fileName, data) ?? fail('ABG_ERR_EXCHANGE_MALFORMED', 'The file is neither an ANSI/NIST-ITL transaction nor an ISO/IEC 19794-5 record.', { field: 'file', reason: 'unknown format' });
  const { records, errors } = format.parse(data);
  return {
    format: format.id,
    skipped: errors,
    records: await Promise.all(records.map(async (r) => {
      const image = await pipelineImage(r, maxPixels ? { maxPixels } : {});
      const fields = [...(r.transaction?.fields ?? []), ...(r.descriptive?.fields ?? []), ...r.fields].map((f) => ({ tag: f.tag, name: FIELD_NAMES[f.tag] ?? '', value: f.value.replaceAll('\u001e', ' | ').replaceAll('\u001f', ' ') }));
      return { idc: r.idc, width: r.width, height: r.height, compression: r.compression, featurePoints: r.featurePoints, fields, mediaType: (image[0] === 0xff ? 'image/jpeg' : 'image/png') as 'image/jpeg' | 'image/png', image: Buffer.from(image).toString('base64') };
    })),
  };
}

/** The FaceRecordExchange port over the registry's face-record formats, with the configured field mapping and image limit. */
export function faceRecordExchange(o: { fieldMapping?: ExchangeFieldMapping; maxPixels?: number } = {}): FaceRecordExchange {
  const mapping = o.fieldMapping ?? defaultExchangeFieldMapping;
  return {
    writeDisclosure: disclosureTransactions(mapping).writeDisclosure,
    expandUploads: (files) => expandExchangeUploads(files, mapping, o.maxPixels),
    probe: (fileName, data) => probeFromUpload(fileName, data, o.maxPixels),
    inspect: (fileName, data) => inspectExchangeFile(fileName, data, o.maxPixels),
  };
}
