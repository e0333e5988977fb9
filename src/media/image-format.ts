// Recognises image containers by their magic bytes, before any decoder sees the data.

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif';

export type SniffResult = { kind: 'supported'; format: ImageFormat } | { kind: 'unsupported'; what: string };

const ascii = (b: Uint8Array, start: number, len: number): string =>
  String.fromCharCode(...b.subarray(start, start + len));

/** Names the container of `bytes` from its first bytes. */
export function sniffImageFormat(b: Uint8Array): SniffResult {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'supported', format: 'jpeg' };
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') return { kind: 'supported', format: 'png' };
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { kind: 'supported', format: 'gif' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { kind: 'supported', format: 'webp' };
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))) {
    return { kind: 'supported', format: 'tiff' };
  }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') {
    const brand = ascii(b, 8, 4);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return { kind: 'unsupported', what: 'HEIC/HEIF' };
    if (brand === 'avif' || brand === 'avis') return { kind: 'unsupported', what: 'AVIF' };
    return { kind: 'unsupported', what: `ISO media (${brand.trim()})` };
  }
  if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return { kind: 'unsupported', what: 'BMP' };
  if (b.length >= 4 && b[0] === 0x25 && ascii(b, 1, 3) === 'PDF') return { kind: 'unsupported', what: 'PDF' };
  return { kind: 'unsupported', what: 'unknown' };
}
