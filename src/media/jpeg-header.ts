// Reads what a JPEG's markers say before any pixel is decoded: frame size, sample precision and
// components (SOFn), EXIF orientation (APP1), an embedded ICC profile (APP2) and Adobe's colour
// transform (APP14, CMYK/YCCK). Only the marker segments up to the first scan are walked.

export interface JpegHeader {
  width: number;
  height: number;
  /** Bits per sample: 8, or 12/16 for extended and lossless frames. */
  precision: number;
  components: number;
  /** EXIF orientation 1–8; 1 when absent or unreadable. */
  orientation: number;
  hasIccProfile: boolean;
  /** An APP14 Adobe segment (CMYK, YCCK or Adobe RGB conventions). */
  adobe: boolean;
  progressive: boolean;
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** The marker segments of a JPEG up to its first scan (fill bytes and standalone markers skipped); stops at a malformed one. */
export function* jpegSegments(b: Uint8Array): Generator<{ marker: number; data: Uint8Array }> {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return;
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return;
    const marker = b[p + 1]!;
    if (marker === 0xff) { p++; continue; } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { p += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) return; // end, or the scan
    const length = (b[p + 2]! << 8) | b[p + 3]!;
    if (length < 2 || p + 2 + length > b.length) return;
    yield { marker, data: b.subarray(p + 4, p + 2 + length) };
    p += 2 + length;
  }
}

/** The header of a JPEG, or null when its markers cannot be walked to a frame header. */
export function readJpegHeader(b: Uint8Array): JpegHeader | null {
  let orientation = 1;
  let hasIccProfile = false;
  let adobe = false;
  for (const { marker, data: seg } of jpegSegments(b)) {
    if (SOF.has(marker)) {
      if (seg.length < 6) return null;
      return {
        precision: seg[0]!,
        height: (seg[1]! << 8) | seg[2]!,
        width: (seg[3]! << 8) | seg[4]!,
        components: seg[5]!,
        orientation,
        hasIccProfile,
        adobe,
        progressive: marker === 0xc2 || marker === 0xc6 || marker === 0xca || marker === 0xce,
      };
    }
    if (marker === 0xe1 && startsWith(seg, 'Exif\0\0')) orientation = exifOrientation(seg.subarray(6)) ?? orientation;
    if (marker === 0xe2 && startsWith(seg, 'ICC_PROFILE\0')) hasIccProfile = true;
    if (marker === 0xee && startsWith(seg, 'Adobe')) adobe = true;
  }
  return null;
}

function startsWith(b: Uint8Array, text: string): boolean {
  if (b.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[i] !== text.charCodeAt(i)) return false;
  return true;
}

// Tag 0x0112 of IFD0 in a TIFF structure (byte order II or MM); undefined when absent or invalid.
function exifOrientation(t: Uint8Array): number | undefined {
  if (t.length < 8) return undefined;
  const le = t[0] === 0x49 && t[1] === 0x49;
  if (!le && !(t[0] === 0x4d && t[1] === 0x4d)) return undefined;
  const u16 = (o: number) => (le ? t[o]! | (t[o + 1]! << 8) : (t[o]! << 8) | t[o + 1]!);
  const u32 = (o: number) => (le ? (u16(o) | (u16(o + 2) << 16)) >>> 0 : ((u16(o) << 16) | u16(o + 2)) >>> 0);
  const ifd = u32(4);
  if (ifd + 2 > t.length) return undefined;
  const n = u16(ifd);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > t.length) return undefined;
    if (u16(e) === 0x0112) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : undefined;
    }
  }
  return undefined;
}
