// Checks that a face record's stored image is what its fields declare: the compression's header is
// there and its width and height are the declared ones (raw pixels: the byte count fits).
import { readJp2Header } from '../media/jp2-header.ts';
import { readJpegHeader } from '../media/jpeg-header.ts';
import { readPngHeader } from '../media/png-header.ts';
import { malformed, type FaceCompression } from './face-record.ts';

export interface ImageFieldTags { data: string; width: string; height: string }

/** Refuses an image whose header disagrees with the declared size, naming the field that disagrees. */
export function checkStoredImage(compression: FaceCompression, colourSpace: string, image: Uint8Array, width: number, height: number, tags: ImageFieldTags): void {
  if (image.length === 0) malformed(tags.data, 'The record holds no image.');
  if (compression === 'NONE') {
    const expected = width * height * (colourSpace === 'GRAY' ? 1 : 3);
    if (image.length !== expected) malformed(tags.data, `${image.length} bytes of raw pixels; ${width}×${height} ${colourSpace} needs ${expected}.`);
    return;
  }
  const header = compression === 'PNG' ? readPngHeader(image)
    : compression === 'JP2' || compression === 'JP2L' ? readJp2Header(image)
    : readJpegHeader(image);
  if (!header) malformed(tags.data, `The image is not a readable ${compression} image.`);
  if (compression === 'JPEGL' || compression === 'JPEGB') {
    const jpeg = readJpegHeader(image)!;
    if (compression === 'JPEGB' && jpeg.precision !== 8) malformed(tags.data, 'JPEGB is baseline JPEG with 8-bit samples.');
  }
  if (header.width !== width) malformed(tags.width, `The image is ${header.width} pixels wide; the field says ${width}.`);
  if (header.height !== height) malformed(tags.height, `The image is ${header.height} pixels high; the field says ${height}.`);
}
