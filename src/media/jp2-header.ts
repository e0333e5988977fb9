// Reads the image size of a JPEG 2000 file (JP2 boxes or a bare codestream) from its SIZ marker,
// before any decoder sees it.

export interface Jp2Header {
  width: number;
  height: number;
  components: number;
  /** Bits per sample of the first component. */
  precision: number;
}

const u32 = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;

/** Whether the bytes start like a JP2 file or a JPEG 2000 codestream. */
export function isJpeg2000(b: Uint8Array): boolean {
  return codestreamStart(b) !== null;
}

// Offset of the codestream (FF4F FF51): the start of a bare codestream, or the contents of the jp2c box.
function codestreamStart(b: Uint8Array): number | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51) return 0;
  if (b.length < 12 || u32(b, 0) !== 12 || u32(b, 4) !== 0x6a502020) return null;
  let p = 0;
  for (let boxes = 0; p + 8 <= b.length && boxes < 64; boxes++) {
    let length = u32(b, p);
    let header = 8;
    if (length === 1) {
      if (p + 16 > b.length || u32(b, p + 8) !== 0) return null;
      length = u32(b, p + 12);
      header = 16;
    }
    if (u32(b, p + 4) === 0x6a703263) return p + header; // 'jp2c'
    if (length === 0 || length < header) return null;
    p += length;
  }
  return null;
}

/** The SIZ header of a JPEG 2000 image, or null when it cannot be found. */
export function readJp2Header(b: Uint8Array): Jp2Header | null {
  const c = codestreamStart(b);
  if (c === null || c + 42 > b.length || b[c] !== 0xff || b[c + 1] !== 0x4f || b[c + 2] !== 0xff || b[c + 3] !== 0x51) return null;
  const s = c + 4; // Lsiz
  const width = u32(b, s + 4) - u32(b, s + 12);
  const height = u32(b, s + 8) - u32(b, s + 16);
  const components = u16(b, s + 36);
  if (width < 1 || height < 1 || components < 1 || s + 39 > b.length) return null;
  return { width, height, components, precision: (b[s + 38]! & 0x7f) + 1 };
}
