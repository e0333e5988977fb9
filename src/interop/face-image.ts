// A face record's image in a form every image pipeline reads: JPEG and PNG as stored; JPEG 2000,
// lossless JPEG and raw pixels decoded (under the same limits as every image) and handed over as
// a lossless PNG.
import { fail } from '../domain/errors.ts';
import type { DecodeLimits } from '../media/decode.ts';
import { defaultDecodeLimits } from '../media/decode.ts';
import { decodeJpeg2000 } from '../media/jpeg2000.ts';
import { decodeLosslessJpeg } from '../media/jpeg-lossless.ts';
import { checkRasterLimits, rasterToPng, type Raster } from '../media/raster.ts';
import type { FaceRecord } from './face-record.ts';

/** The decoded pixels of a record whose image sharp cannot read; raw colour pixels are stored plane by plane (R, G, B), as NIST's reference transactions hold them. */
export async function decodeStoredImage(record: Pick<FaceRecord, 'compression' | 'colourSpace' | 'width' | 'height' | 'image'>, limits: Partial<DecodeLimits> = {}): Promise<Raster> {
  const all = { ...defaultDecodeLimits, ...limits };
  switch (record.compression) {
    case 'JP2': case 'JP2L': return decodeJpeg2000(record.image, all);
    case 'JPEGL': return decodeLosslessJpeg(record.image, all);
    case 'NONE': {
      const { width, height, image } = record;
      checkRasterLimits(image.length, width, height, all);
      const channels = record.colourSpace === 'GRAY' ? 1 : 3;
      if (image.length !== width * height * channels) fail('ABG_ERR_CORRUPT_IMAGE', 'The raw pixels do not fill the declared size.');
      if (channels === 1) return { data: image, width, height, channels };
      const plane = width * height;
      const data = new Uint8Array(plane * 3);
      for (let i = 0; i < plane; i++) {
        data[i * 3] = image[i]!;
        data[i * 3 + 1] = image[plane + i]!;
        data[i * 3 + 2] = image[2 * plane + i]!;
      }
      return { data, width, height, channels: 3 };
    }
    default: fail('ABG_ERR_EXCHANGE_UNSUPPORTED', `${record.compression} images are read by the common image decoder.`);
  }
}

/** The image bytes to enroll or search with: JPEG and PNG as stored, anything else as PNG. */
export async function pipelineImage(record: Pick<FaceRecord, 'compression' | 'colourSpace' | 'width' | 'height' | 'image'>, limits: Partial<DecodeLimits> = {}): Promise<Uint8Array> {
  if (record.compression === 'JPEGB' || record.compression === 'PNG') return record.image;
  return rasterToPng(await decodeStoredImage(record, limits));
}
