// A released record as an ANSI/NIST-ITL transaction: Type-1 with the owner as ORI and the requester
// as DAI, a Type-2 with the core data under the configured tags and the no-onward-transfer notice,
// and, where the image was released, a Type-10 face record of it.
import sharp from 'sharp';
import type { ExchangeFieldMapping } from './exchange-field-mapping.ts';
import type { DisclosureTransaction, FaceRecordExchange } from '../services/ports/face-record-exchange.ts';
import { readJpegHeader } from '../media/jpeg-header.ts';
import { readPngHeader } from '../media/png-header.ts';
import { defaultTransactionFields } from './ansi-nist.ts';
import { writeTransaction } from './ansi-nist-writer.ts';
import type { FaceRecord, TaggedField } from './face-record.ts';

/** Type-2 tags of the disclosure's own fields (user-defined range of the Type-2 record). */
export const DISCLOSURE_TAGS = { notice: '2.901', caseRef: '2.902', subjectRef: '2.903', imageLeftOut: '2.904' } as const;

const clean = (v: string) => v.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();

/** The writer of disclosure transactions; `mapping` is the enrollment field mapping (Type-2 tag → core data field), used in reverse. */
export function disclosureTransactions(mapping: ExchangeFieldMapping): Pick<FaceRecordExchange, 'writeDisclosure'> {
  const tagOf = new Map<string, string>();
  for (const [tag, field] of Object.entries(mapping)) if (!tagOf.has(field)) tagOf.set(field, tag);
  return {
    async writeDisclosure(t: DisclosureTransaction): Promise<Uint8Array> {
      const type2: TaggedField[] = [
        ...Object.entries(t.coreData).flatMap(([k, v]) => (tagOf.has(k) && typeof v === 'string' && clean(v) ? [{ tag: tagOf.get(k)!, value: clean(v) }] : [])),
        { tag: DISCLOSURE_TAGS.notice, value: clean(t.notice) },
        { tag: DISCLOSURE_TAGS.caseRef, value: clean(t.caseRef) },
        { tag: DISCLOSURE_TAGS.subjectRef, value: clean(t.subjectRef) },
      ];
      const header = defaultTransactionFields(t.originator, t.destination, t.controlNumber, t.date).map((f) => (f.tag === '1.004' ? { ...f, value: 'DISCLOSURE' } : f));
      const day = t.date.toISOString().slice(0, 10).replaceAll('-', '');
      const image = t.image && (await storable(t.image.bytes));
      if (t.image && !image) type2.push({ tag: DISCLOSURE_TAGS.imageLeftOut, value: 'The released image is not a still image a Type-10 record can carry; it is left out.' });
      if (!t.image || !image) return writeTransaction([], header, [{ idc: 1, fields: type2 }]);
      const face = {
        idc: 1,
        descriptive: { idc: 1, fields: type2 },
        fields: [
          { tag: '10.003', value: 'FACE' },
          { tag: '10.004', value: t.originator },
          { tag: '10.005', value: t.image.captureDate ? t.image.captureDate.slice(0, 10).replaceAll('-', '') : day },
          { tag: '10.006', value: String(image.width) },
          { tag: '10.007', value: String(image.height) },
          { tag: '10.008', value: '0' },
          { tag: '10.009', value: '1' },
          { tag: '10.010', value: '1' },
          { tag: '10.011', value: image.compression },
          { tag: '10.012', value: image.grey ? 'GRAY' : 'SRGB' },
          { tag: '10.013', value: '0' },
        ],
        image: image.bytes,
      } as unknown as FaceRecord;
      return writeTransaction([face], header);
    },
  };
}

// JPEG and PNG are stored as they are; any other image as PNG; undefined for what is no image.
async function storable(bytes: Uint8Array): Promise<{ bytes: Uint8Array; width: number; height: number; compression: 'JPEGB' | 'PNG'; grey: boolean } | undefined> {
  const jpeg = readJpegHeader(bytes);
  if (jpeg && jpeg.precision === 8 && bytes[0] === 0xff) return { bytes, width: jpeg.width, height: jpeg.height, compression: 'JPEGB', grey: jpeg.components === 1 };
  const png = readPngHeader(bytes);
  if (png) return { bytes, width: png.width, height: png.height, compression: 'PNG', grey: false };
  const out = await sharp(bytes, { limitInputPixels: 40_000_000 }).png().toBuffer({ resolveWithObject: true }).catch(() => undefined);
  if (!out) return undefined;
  return { bytes: new Uint8Array(out.data), width: out.info.width, height: out.info.height, compression: 'PNG', grey: out.info.channels < 3 };
}
