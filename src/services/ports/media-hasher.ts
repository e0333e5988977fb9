// What triage needs from the media layer: every signal and fact of one file. The implementation
// (decoders, worker threads, ffmpeg) lives at the edge in src/media/.
import type { MediaSignals } from '../../domain/media.ts';

export interface MediaFile {
  /** The file's name as seized (path inside the folder or archive). */
  name: string;
  bytes: Uint8Array;
}

export interface MediaHashResult {
  /** Digests and size always; perceptual hashes, video and EXIF facts where they could be read. */
  signals: MediaSignals;
  /** Why a perceptual signal could not be computed (corrupt, unsupported, too large), coded. */
  error: { code: string; message: string } | null;
}

export interface MediaHasher {
  /** Never throws for bad media: failures come back as `error`. GPS is dropped unless `keepGps`. */
  hash(file: MediaFile, options: { keepGps: boolean }): Promise<MediaHashResult>;
  /** At most `maxFrames` frames of a video spread over its length, as encoded images; [] when they cannot be read. */
  videoFrames?(file: MediaFile, options: { maxFrames: number }): Promise<{ timestampSeconds: number; image: Uint8Array }[]>;
  close(): Promise<void>;
}
