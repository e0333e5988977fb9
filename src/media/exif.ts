// EXIF camera facts of a photo through exifr: make, model, capture time and, only when kept, GPS.
import exifr from 'exifr';
import type { ExifFacts } from '../domain/media.ts';

/** '2008:10:22 16:28:39' → '2008-10-22T16:28:39' (EXIF times carry no zone). */
function exifTime(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(v.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : undefined;
}

/** Camera make/model, capture time and (only when kept) GPS position; null when the file has none. */
export async function readExif(bytes: Uint8Array, keepGps: boolean): Promise<ExifFacts | null> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { gps: keepGps, reviveValues: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false });
  } catch {
    return null;
  }
  if (!tags) return null;
  const facts: ExifFacts = {};
  if (typeof tags.Make === 'string' && tags.Make.trim()) facts.make = tags.Make.trim();
  if (typeof tags.Model === 'string' && tags.Model.trim()) facts.model = tags.Model.trim();
  const t = exifTime(tags.DateTimeOriginal) ?? exifTime(tags.CreateDate);
  if (t) facts.captureTime = t;
  if (keepGps && typeof tags.latitude === 'number' && typeof tags.longitude === 'number' && Number.isFinite(tags.latitude) && Number.isFinite(tags.longitude)) {
    facts.gps = { latitude: tags.latitude, longitude: tags.longitude };
  }
  return Object.keys(facts).length > 0 ? facts : null;
}
