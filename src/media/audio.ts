// Chromaprint sub-fingerprints of a file's first audio stream through ffmpeg's `chromaprint`
// muxer (raw 32-bit values, algorithm 1 at 11025 Hz). Probing and decoding are bounded in length
// and wall-clock time; every failure is a coded error.
import { fail } from '../domain/errors.ts';
import { firstLine, mapSpawnError, spawnChecked } from './video.ts';

export interface AudioLimits {
  /** Longest recording fingerprinted, in seconds; longer declared lengths are refused before decoding. */
  maxSeconds: number;
  /** Wall-clock limit for one ffprobe or ffmpeg run, in milliseconds. */
  timeoutMs: number;
}

export const defaultAudioLimits: AudioLimits = { maxSeconds: 3 * 3600, timeoutMs: 2 * 60_000 };

/** Seconds of audio between two consecutive sub-fingerprints (1365 samples at 11025 Hz). */
export const CHROMAPRINT_ITEM_SECONDS = 1365 / 11025;

export interface RawAudioFingerprint {
  /** Length of the audio stream in seconds (as declared, else as decoded). */
  durationSeconds: number;
  items: Uint32Array;
}

async function collect(args: string[], cmd: string, timeoutMs: number): Promise<{ stdout: Buffer; stderr: string; code: number | null }> {
  const p = spawnChecked(cmd, args, timeoutMs);
  const chunks: Buffer[] = [];
  p.child.stdout.on('data', (c: Buffer) => chunks.push(c));
  try {
    const { code } = await p.done;
    if (p.timedOut()) fail('ABG_ERR_AUDIO_TOO_LONG', `${cmd} ran past ${timeoutMs} ms.`, { timeoutMs });
    return { stdout: Buffer.concat(chunks), stderr: p.stderr(), code };
  } catch (e) {
    throw mapSpawnError(e, cmd);
  }
}

/** Declared length of the first audio stream in seconds (null when the container states none). */
export async function probeAudio(path: string, limits: Partial<AudioLimits> = {}): Promise<{ durationSeconds: number | null }> {
  const { timeoutMs } = { ...defaultAudioLimits, ...limits };
  const r = await collect(['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], 'ffprobe', timeoutMs);
  if (r.code !== 0) fail('ABG_ERR_CORRUPT_AUDIO', firstLine(r.stderr));
  let parsed: { format?: { duration?: string }; streams?: Record<string, string | number | undefined>[] };
  try { parsed = JSON.parse(r.stdout.toString('utf8')); } catch { fail('ABG_ERR_CORRUPT_AUDIO', 'ffprobe gave no readable answer.'); }
  const a = parsed.streams?.find((s) => s.codec_type === 'audio');
  if (!a) fail('ABG_ERR_NO_AUDIO_STREAM', 'The file has no audio stream.');
  const duration = Number(a.duration ?? parsed.format?.duration);
  return { durationSeconds: Number.isFinite(duration) && duration > 0 ? duration : null };
}

/** Raw Chromaprint sub-fingerprints of the first audio stream; refuses recordings over `maxSeconds`. */
export async function chromaprintFromFile(path: string, limits: Partial<AudioLimits> = {}): Promise<RawAudioFingerprint> {
  const { maxSeconds, timeoutMs } = { ...defaultAudioLimits, ...limits };
  const { durationSeconds } = await probeAudio(path, { timeoutMs });
  if (durationSeconds !== null && durationSeconds > maxSeconds) {
    fail('ABG_ERR_AUDIO_TOO_LONG', `${Math.round(durationSeconds)} s > ${maxSeconds} s.`, { durationSeconds, maxSeconds });
  }
  // -t bounds decoding even where the header understates the length.
  const args = ['-v', 'error', '-nostdin', '-i', path, '-map', '0:a:0', '-t', String(maxSeconds), '-f', 'chromaprint', '-fp_format', 'raw', 'pipe:1'];
  const r = await collect(args, 'ffmpeg', timeoutMs);
  if (r.code !== 0) fail('ABG_ERR_CORRUPT_AUDIO', firstLine(r.stderr));
  const n = Math.floor(r.stdout.length / 4);
  const items = new Uint32Array(n);
  for (let i = 0; i < n; i++) items[i] = r.stdout.readUInt32LE(i * 4);
  return { durationSeconds: durationSeconds ?? (n + 15) * CHROMAPRINT_ITEM_SECONDS, items };
}

/** Names an audio-only container from its first bytes (WAV, MP3, Ogg, FLAC, M4A, AIFF, AMR), or null. */
export function sniffAudioContainer(b: Uint8Array): string | null {
  const ascii = (start: number, len: number) => String.fromCharCode(...b.subarray(start, start + len));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WAVE') return 'wav';
  if (b.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe6) === 0xe2) return 'mp3'; // MPEG audio layer III frame sync
  if (b.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (b.length >= 4 && ascii(0, 4) === 'fLaC') return 'flac';
  if (b.length >= 12 && ascii(4, 4) === 'ftyp' && ['M4A ', 'M4B ', 'M4P '].includes(ascii(8, 4))) return 'm4a';
  if (b.length >= 12 && ascii(0, 4) === 'FORM' && ['AIFF', 'AIFC'].includes(ascii(8, 4))) return 'aiff';
  if (b.length >= 6 && ascii(0, 6) === '#!AMR\n') return 'amr';
  return null;
}
