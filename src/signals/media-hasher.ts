// The MediaHasher of the installation: digests, PDQ with its 8 dihedral variants on a worker pool,
// vPDQ and container facts of videos through ffmpeg, audio fingerprints of recordings and of video
// sound tracks (Chromaprint through ffmpeg), and EXIF camera facts through exifr.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { MediaSignals, VideoFacts } from '../domain/media.ts';
import type { MediaFile, MediaHasher, MediaHashResult } from '../services/ports/media-hasher.ts';
import { codedError } from '../media/coded-error.ts';
import { defaultDecodeLimits, probeImage, type DecodeLimits } from '../media/decode.ts';
import { readExif } from '../media/exif.ts';
import { sniffImageFormat } from '../media/image-format.ts';
import { probeVideo, readFrames, sniffVideoContainer } from '../media/video.ts';
import { sniffAudioContainer, type AudioLimits } from '../media/audio.ts';
import { withTempFile } from '../media/temp-file.ts';
import { isAbgError } from '../domain/errors.ts';
import { PdqPool } from './pdq/pdq-pool.ts';
import { PDQ_DECODE_MIN_SIDE } from './pdq/index.ts';
import { vpdqFromFile } from './vpdq/index.ts';
import { audioFromFile, encodeAudioItems } from './audio/index.ts';

export interface MediaHasherOptions {
  /** Photo hashing threads (default: one per core). */
  workers?: number;
  /** vPDQ samples one frame per this many seconds (default 1; the reference hashes every frame). */
  videoEverySeconds?: number;
  /** Byte and pixel limits for photos, checked on the header before any decoding. */
  decodeLimits?: Partial<DecodeLimits>;
  /** False: decode every photo in full for PDQ, as the reference hashes are made (default: large JPEGs reduced, see PDQ_DECODE_MIN_SIDE). */
  reducedDecode?: boolean;
  /** Length and time limits for audio fingerprints. */
  audioLimits?: Partial<AudioLimits>;
}

const stillFormats = new Set(['HEIC/HEIF', 'AVIF', 'BMP']);

export class LocalMediaHasher implements MediaHasher {
  #pool: PdqPool | undefined;

  constructor(private readonly options: MediaHasherOptions = {}) {}

  // Started on first use, so commands that never hash a photo start no threads.
  private get pool(): PdqPool {
    // Gallery items and triage files are hashed alike, so both sides of a match decode the same way.
    return (this.#pool ??= new PdqPool(this.options.workers, this.options.decodeLimits, this.options.reducedDecode === false ? undefined : PDQ_DECODE_MIN_SIDE));
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
        const maxBytes = this.options.decodeLimits?.maxBytes ?? defaultDecodeLimits.maxBytes;
        if (b.length > maxBytes) return { signals, error: { code: 'ABG_ERR_IMAGE_TOO_LARGE', message: `${b.length} bytes > ${maxBytes}.` } };
        // The header decides the pixel limit here, before a worker decodes anything.
        await probeImage(b, { limits: this.options.decodeLimits });
        const v = await this.pool.hashDihedral(b);
        signals.pdq = { hash: v.hash, quality: v.quality };
        signals.pdqVariants = v.variants;
        return { signals, error: null };
      }
      if (sniffAudioContainer(head)) return { signals, error: await this.recording(b, signals) };
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
      return { signals, error: codedError(e) };
    }
  }

  private async video(bytes: Uint8Array, signals: MediaSignals): Promise<{ code: string; message: string } | null> {
    const dir = await mkdtemp(join(tmpdir(), 'abg-triage-'));
    try {
      const path = join(dir, 'video');
      await writeFile(path, bytes);
      const info = await probeVideo(path).catch((e: unknown) => {
        if (isAbgError(e) && e.code === 'ABG_ERR_UNSUPPORTED_VIDEO' && e.message.endsWith('The file has no video stream.')) return null;
        throw e;
      });
      // An MP4 or Matroska file with only a sound track is a recording.
      if (!info) {
        signals.type = 'file';
        return await this.audio(path, signals, []);
      }
      const facts: VideoFacts = { container: info.container, codec: info.codec, width: info.width, height: info.height, fps: Math.round(info.fps * 1000) / 1000, durationSeconds: info.durationSeconds };
      signals.video = facts;
      signals.vpdq = (await vpdqFromFile(path, { everySeconds: this.options.videoEverySeconds ?? 1 })).frames;
      // A video without a sound track, or a silent one, is no error: it simply has no audio fingerprint.
      return await this.audio(path, signals, ['ABG_ERR_NO_AUDIO_STREAM', 'ABG_ERR_NO_AUDIO_FINGERPRINT']);
    } catch (e) {
      return codedError(e);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private recording(bytes: Uint8Array, signals: MediaSignals): Promise<{ code: string; message: string } | null> {
    return withTempFile('abg-audio-', bytes, (path) => this.audio(path, signals, []));
  }

  /** Sets signals.audio; a coded failure comes back unless its code is among `quiet`. */
  private async audio(path: string, signals: MediaSignals, quiet: string[]): Promise<{ code: string; message: string } | null> {
    try {
      const a = await audioFromFile(path, this.options.audioLimits);
      signals.audio = { durationSeconds: a.durationSeconds, fingerprint: encodeAudioItems(a.items) };
      return null;
    } catch (e) {
      return isAbgError(e) && quiet.includes(e.code) ? null : codedError(e);
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
