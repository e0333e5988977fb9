// Marks a released image: a band below it names the owner, the recipient, the case and "no onward
// transfer" (drawn with the built-in pixel font, so no fonts need be installed), and the same facts
// with the release id go into its metadata (a JPEG comment or a PNG text chunk).
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { ReleaseMark, ReleaseMarking } from '../services/ports/release-marking.ts';
import { drawText, GLYPH_HEIGHT, GLYPH_WIDTH, wrapText } from './bitmap-font.ts';
import { sniffImageFormat } from './image-format.ts';
import { jpegSegments } from './jpeg-header.ts';

/** The PNG text keyword and the JPEG comment prefix of a release marking. */
export const RELEASE_KEYWORD = 'abgleich-release';

const BAND: [number, number, number] = [176, 0, 0];
const INK: [number, number, number] = [255, 255, 255];

/** The lines the visible band shows. */
export function bandLines(m: ReleaseMark): string[] {
  return [
    'NO ONWARD TRANSFER',
    `OWNER: ${m.ownerAgency.name}`,
    `TO: ${m.recipientAgency.name}`,
    `CASE: ${m.caseRef}`,
    `RELEASE: ${m.releaseId}`,
  ];
}

async function band(width: number, m: ReleaseMark): Promise<{ rgb: Buffer; height: number }> {
  // At least 1 font pixel per image pixel, larger on larger images; lines wrap to the width.
  const scale = Math.max(1, Math.floor(width / 320));
  const pad = 2 * scale;
  const perLine = Math.max(1, Math.floor((width - 2 * pad) / ((GLYPH_WIDTH + 1) * scale)));
  const lines = bandLines(m).flatMap((l) => wrapText(l, perLine));
  const lineHeight = (GLYPH_HEIGHT + 2) * scale;
  const height = lines.length * lineHeight + 2 * pad;
  const rgb = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(BAND, i * 3);
  lines.forEach((line, i) => drawText(rgb, width, pad, pad + i * lineHeight, line, scale, INK));
  return { rgb, height };
}

export const releaseMarking: ReleaseMarking = {
  async mark(image, m) {
    // The image as people see it (EXIF orientation applied), the band appended below, so that
    // the face keeps its place and the pixels above the band stay the original's.
    const oriented = await sharp(image).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const { width, height } = oriented.info;
    const b = await band(width, m);
    const pixels = Buffer.concat([oriented.data.subarray(0, width * height * 3), b.rgb]);
    const canvas = sharp(pixels, { raw: { width, height: height + b.height, channels: 3 } });
    const text = JSON.stringify({ [RELEASE_KEYWORD]: m });
    if (formatOf(image) === 'png') {
      return { bytes: withPngText(await canvas.png().toBuffer(), RELEASE_KEYWORD, text), mediaType: 'image/png' };
    }
    return { bytes: withJpegComment(await canvas.jpeg({ quality: 92 }).toBuffer(), text), mediaType: 'image/jpeg' };
  },
  read(image) {
    const format = formatOf(image);
    const texts = format === 'png' ? pngTexts(image, RELEASE_KEYWORD) : format === 'jpeg' ? jpegComments(image) : [];
    for (const t of texts) {
      try {
        const m = JSON.parse(t)?.[RELEASE_KEYWORD];
        if (m && typeof m.releaseId === 'string') return m as ReleaseMark;
      } catch {
        // another comment
      }
    }
    return null;
  },
};

function formatOf(image: Uint8Array): string | null {
  const s = sniffImageFormat(image);
  return s.kind === 'supported' ? s.format : null;
}

/** Inserts a COM segment right after the SOI marker. */
export function withJpegComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  if (body.length > 65_533) throw new RangeError('JPEG comment too long');
  const head = Buffer.from([0xff, 0xfe, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)]);
}

/** The COM segments before the first scan. */
export function jpegComments(b: Uint8Array): string[] {
  return [...jpegSegments(b)].filter((s) => s.marker === 0xfe).map((s) => Buffer.from(s.data).toString('utf8'));
}

/** Inserts an iTXt chunk (UTF-8 text) right after IHDR. */
export function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
  const type = Buffer.from('iTXt', 'ascii');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const ihdrEnd = 8 + 4 + 4 + 13 + 4;
  return Buffer.concat([png.subarray(0, ihdrEnd), len, type, data, crc, png.subarray(ihdrEnd)]);
}

/** The text of the PNG's tEXt and iTXt chunks under `keyword`. */
export function pngTexts(b: Uint8Array, keyword: string): string[] {
  const out: string[] = [];
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 8; i + 8 <= buf.length;) {
    const len = buf.readUInt32BE(i);
    const type = buf.toString('ascii', i + 4, i + 8);
    const data = buf.subarray(i + 8, i + 8 + len);
    const nul = data.indexOf(0);
    if ((type === 'tEXt' || type === 'iTXt') && nul > 0 && data.toString('latin1', 0, nul) === keyword) {
      if (type === 'tEXt') out.push(data.toString('latin1', nul + 1));
      else {
        // keyword NUL, compression flag, method, language tag NUL, translated keyword NUL, text
        const lang = data.indexOf(0, nul + 3);
        const translated = lang < 0 ? -1 : data.indexOf(0, lang + 1);
        if (translated > 0 && data[nul + 1] === 0) out.push(data.toString('utf8', translated + 1));
      }
    }
    if (type === 'IEND') break;
    i += 12 + len;
  }
  return out;
}
