// The reduced decode as triage hashed camera-size photos before the overheads were cut, kept so
// that `npm run bench -- triage` measures before and after in the same run: the header parsed
// again through libvips (probeImage), and a resize to 1/2, 1/4 or 1/8 exactly, which sharp
// serves by decoding at twice that size and filtering it down with Lanczos.
import sharp from 'sharp';
import { probeImage, type DecodedPixels } from '../../src/media/decode.ts';
import { readJpegHeader } from '../../src/media/jpeg-header.ts';

function shrinkBefore(width: number, height: number, minSide: number): number {
  for (const s of [8, 4, 2]) if (Math.min(width, height) / s >= minSide) return s;
  return 1;
}

/** Decodes a JPEG of at least 300,000 pixels the way the reduced path did before (oriented, alpha dropped). */
export async function decodeReducedBefore(bytes: Uint8Array, minSide: number): Promise<DecodedPixels> {
  readJpegHeader(bytes); // the small-JPEG check that ran first
  const header = await probeImage(bytes);
  let pipeline = sharp(bytes, { limitInputPixels: header.width * header.height, pages: 1, failOn: 'error' }).rotate();
  const shrink = shrinkBefore(header.width, header.height, minSide);
  if (shrink > 1) {
    const [w, h] = [Math.ceil(header.width / shrink), Math.ceil(header.height / shrink)];
    const swap = header.orientation >= 5;
    pipeline = pipeline.resize({ width: swap ? h : w, height: swap ? w : h, fit: 'fill', fastShrinkOnLoad: true });
  }
  const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), channels: 3, width: info.width, height: info.height, format: 'jpeg', orientation: header.orientation };
}
