// The MediaHasher of the installation: digests, PDQ with its 8 dihedral variants on a worker pool,
// vPDQ and container facts of videos through ffmpeg, and EXIF camera facts through exifr.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { isAbgError } from '../domain/errors.ts';
import type { ExifFacts, MediaSignals, VideoFacts } from '../domain/media.ts';
import type { MediaFile, MediaHasher, MediaHashResult } from '../services/ports/media-hasher.ts';
import { PdqPool } from '../signals/pdq/pdq-pool.ts';
import { vpdqFromFile } from '../signals/vpdq/index.ts';
import { defaultDecodeLimits } from './decode.ts';
import { sniffImageFormat } from './image-format.ts';
import { probeVideo, readFrames, sniffVideoContainer } from './video.ts';

export interface MediaHasherOptions {
  /** Photo hashing threads (default: one per core). */
  workers?: number;
  /** vPDQ samples one frame per this many seconds (default 1; the reference hashes every frame). */
  videoEverySeconds?: number;
}

const stillFormats = new Set(['HEIC/HEIF', 'AVIF', 'BMP']);

function coded(e: unknown): { code: string; message: string } {
  if (isAbgError(e)) return { code: e.code, message: e.message };
  return { code: 'ABG_ERR_INTERNAL', message: e instanceof Error ? e.message.slice(0, 200) : String(e) };
}

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

export class LocalMediaHasher implements MediaHasher {
  #pool: PdqPool | undefined;

  constructor(private readonly options: MediaHasherOptions = {}) {}

  // Started on first use, so commands that never hash a photo start no threads.
  private get pool(): PdqPool {
    return (this.#pool ??= new PdqPool(this.options.workers));
  }

  async hash(file: MediaFile, options: { keepGps: boolean }): Promise<MediaHashResult> {
    const b = file.bytes;
    const signals: MediaSignals = {
      size: b.length, type: 'file',
      sha256: createHash('sha256').update(b).digest('hex'), md5: createHash('md5').update(b).digest('hex'), sha1: createHash('sha1').update(b).digest('hex'),
      pdq: null, vpdq: null, video: null, exif: null,
    };
    if (b.length === 0) return { signals, error: { code: 'ABG_ERR_EMPTY_FILE', message: 'The file is empty.' } };
    const head = b.subarray(0, 512);
    const image = sniffImageFormat(head);
    try {
      if (image.kind === 'supported') {
        signals.type = 'photo';
        signals.exif = await readExif(b, options.keepGps);
        if (b.length > defaultDecodeLimits.maxBytes) return { signals, error: { code: 'ABG_ERR_IMAGE_TOO_LARGE', message: `${b.length} bytes > ${defaultDecodeLimits.maxBytes}.` } };
        const v = await this.pool.hashDihedral(b);
        signals.pdq = { hash: v.hash, quality: v.quality };
        signals.pdqVariants = v.variants;
        return { signals, error: null };
      }
      if (sniffVideoContainer(head)) {
        signals.type = 'video';
        return { signals, error: await this.video(b, signals) };
      }
      if (stillFormats.has(image.what)) {
        signals.type = 'photo';
        return { signals, error: { code: 'ABG_ERR_UNSUPPORTED_IMAGE', message: `${image.what} is not decoded here.` } };
      }
      return { signals, error: null };
    } catch (e) {
      return { signals, error: coded(e) };
    }
  }

  private async video(bytes: Uint8Array, signals: MediaSignals): Promise<{ code: string; message: string } | null> {
    const dir = await mkdtemp(join(tmpdir(), 'abg-triage-'));
    try {
      const path = join(dir, 'video');
      await writeFile(path, bytes);
      const info = await probeVideo(path);
      const facts: VideoFacts = { container: info.container, codec: info.codec, width: info.width, height: info.height, fps: Math.round(info.fps * 1000) / 1000, durationSeconds: info.durationSeconds };
      signals.video = facts;
      signals.vpdq = (await vpdqFromFile(path, { everySeconds: this.options.videoEverySeconds ?? 1 })).frames;
      return null;
    } catch (e) {
      return coded(e);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  // Frames for face detection: one per (duration / maxFrames) seconds, at least 0.5 s apart, so a
  // video gives at most maxFrames frames however long it is; each is encoded as a lossless PNG.
  async videoFrames(file: MediaFile, options: { maxFrames: number }): Promise<{ timestampSeconds: number; image: Uint8Array }[]> {
    if (options.maxFrames < 1 || !sniffVideoContainer(file.bytes.subarray(0, 512))) return [];
    const dir = await mkdtemp(join(tmpdir(), 'abg-frames-'));
    const out: { timestampSeconds: number; image: Uint8Array }[] = [];
    try {
      const path = join(dir, 'video');
      await writeFile(path, file.bytes);
      const info = await probeVideo(path);
      const every = Math.max(0.5, (info.durationSeconds ?? 0) / options.maxFrames);
      for await (const f of readFrames(path, { everySeconds: every })) {
        const png = await sharp(f.data, { raw: { width: f.width, height: f.height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
        out.push({ timestampSeconds: f.timestampSeconds, image: new Uint8Array(png.buffer, png.byteOffset, png.byteLength) });
        if (out.length >= options.maxFrames) break;
      }
    } catch {
      // A video whose frames cannot be read has its error from hash(); it simply shows no faces.
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return out;
  }

  async close(): Promise<void> {
    await this.#pool?.close();
    this.#pool = undefined;
  }
}
