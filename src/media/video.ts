// Video probing and frame extraction through the ffmpeg/ffprobe binaries (Debian package
// `ffmpeg`). Frames come out as raw 8-bit RGB on a pipe; frame counts and run time are bounded.
import { spawn } from 'node:child_process';
import { fail, isAbgError } from '../domain/errors.ts';
import type { VideoFacts } from '../domain/media.ts';

/** Names a video container from its first bytes, or null when it is not one we recognise. */
export function sniffVideoContainer(b: Uint8Array): string | null {
  const ascii = (start: number, len: number) => String.fromCharCode(...b.subarray(start, start + len));
  if (b.length >= 12 && ascii(4, 4) === 'ftyp') {
    const brand = ascii(8, 4);
    // HEIF/AVIF stills share the ISO container.
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'].includes(brand)) return null;
    return brand.startsWith('qt') ? 'mov' : 'mp4';
  }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'matroska';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'AVI ') return 'avi';
  if (b.length >= 3 && ascii(0, 3) === 'FLV') return 'flv';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0xba) return 'mpeg-ps';
  if (b.length >= 377 && b[0] === 0x47 && b[188] === 0x47 && b[376] === 0x47) return 'mpeg-ts';
  return null;
}

export interface VideoLimits {
  /** Most frames decoded from one video. */
  maxFrames: number;
  /** Wall-clock limit for one ffmpeg/ffprobe run, in milliseconds. */
  timeoutMs: number;
}

export const defaultVideoLimits: VideoLimits = { maxFrames: 30 * 60 * 10, timeoutMs: 5 * 60_000 };

/** The container and codec facts of the first video stream (fps is its average frame rate). */
export interface VideoInfo extends VideoFacts {
  /** Frame count from the container, where it states one. */
  frameCount: number | null;
}

export interface VideoFrame {
  index: number;
  timestampSeconds: number;
  width: number;
  height: number;
  /** Interleaved RGB, width × height × 3 bytes. */
  data: Uint8Array;
}

interface RunResult { stdout: Buffer; stderr: string; code: number | null }

/** Spawns a process whose stderr is kept (first 4000 characters) and which is killed after `timeoutMs`. */
export function spawnChecked(cmd: string, args: string[], timeoutMs: number) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => { if (stderr.length < 4000) stderr += s; });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
  const done = new Promise<{ code: number | null }>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? new Error('ENOENT') : e);
    });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code }); });
  });
  return { child, done, stderr: () => stderr, timedOut: () => timedOut };
}

async function run(cmd: string, args: string[], timeoutMs: number): Promise<RunResult> {
  const p = spawnChecked(cmd, args, timeoutMs);
  const chunks: Buffer[] = [];
  p.child.stdout.on('data', (c: Buffer) => chunks.push(c));
  try {
    const { code } = await p.done;
    if (p.timedOut()) fail('ABG_ERR_VIDEO_TOO_LARGE', `${cmd} ran past ${timeoutMs} ms.`);
    return { stdout: Buffer.concat(chunks), stderr: p.stderr(), code };
  } catch (e) {
    throw mapSpawnError(e, cmd);
  }
}

/** A missing binary becomes ABG_ERR_FFMPEG_MISSING; coded errors pass through. */
export function mapSpawnError(e: unknown, cmd: string): unknown {
  if (isAbgError(e)) return e;
  if (e instanceof Error && e.message === 'ENOENT') {
    try { fail('ABG_ERR_FFMPEG_MISSING', `"${cmd}" was not found.`); } catch (coded) { return coded; }
  }
  return e;
}

/** The last line of a tool's error output, shortened. */
export function firstLine(s: string): string {
  return s.trim().split('\n').pop()?.slice(0, 200) ?? '';
}

/** Container, codec, size, rate and length of the first video stream. */
export async function probeVideo(path: string, limits: Partial<VideoLimits> = {}): Promise<VideoInfo> {
  const { timeoutMs } = { ...defaultVideoLimits, ...limits };
  const r = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], timeoutMs);
  if (r.code !== 0) {
    fail(/Invalid data|could not find codec|Unknown format/i.test(r.stderr) ? 'ABG_ERR_UNSUPPORTED_VIDEO' : 'ABG_ERR_CORRUPT_VIDEO', firstLine(r.stderr));
  }
  let parsed: { format?: { format_name?: string; duration?: string }; streams?: Record<string, string | number | undefined>[] };
  try { parsed = JSON.parse(r.stdout.toString('utf8')); } catch { fail('ABG_ERR_CORRUPT_VIDEO', 'ffprobe gave no readable answer.'); }
  const v = parsed.streams?.find((s) => s.codec_type === 'video');
  if (!v) fail('ABG_ERR_UNSUPPORTED_VIDEO', 'The file has no video stream.');
  const width = Number(v.width);
  const height = Number(v.height);
  if (!(width > 0 && height > 0)) fail('ABG_ERR_CORRUPT_VIDEO', 'The video stream has no dimensions.');
  const [num, den] = String(v.avg_frame_rate ?? v.r_frame_rate ?? '0/1').split('/').map(Number) as [number, number];
  const fps = den ? num / den : 0;
  const duration = Number(v.duration ?? parsed.format?.duration);
  const frames = Number(v.nb_frames);
  return {
    container: parsed.format?.format_name ?? 'unknown',
    codec: String(v.codec_name ?? 'unknown'),
    width,
    height,
    fps: Number.isFinite(fps) && fps > 0 ? fps : 0,
    durationSeconds: Number.isFinite(duration) ? duration : null,
    frameCount: Number.isInteger(frames) && frames > 0 ? frames : null,
  };
}

export interface FrameOptions extends Partial<VideoLimits> {
  /** Scale every frame to this size; native size when absent. */
  size?: { width: number; height: number };
  /** Take one frame per this many seconds instead of every frame (for long videos). */
  everySeconds?: number;
}

/** Decodes every frame of the first video stream in order; fails beyond `maxFrames`. */
export async function* readFrames(path: string, options: FrameOptions = {}): AsyncGenerator<VideoFrame> {
  const { maxFrames, timeoutMs } = { ...defaultVideoLimits, ...options };
  const info = await probeVideo(path, { timeoutMs });
  if (options.everySeconds === undefined && info.frameCount !== null && info.frameCount > maxFrames) {
    fail('ABG_ERR_VIDEO_TOO_LARGE', `${info.frameCount} frames > ${maxFrames}.`, { frames: info.frameCount, maxFrames });
  }
  const width = options.size?.width ?? info.width;
  const height = options.size?.height ?? info.height;
  const args = ['-v', 'error', '-nostdin', '-i', path, '-map', '0:v:0'];
  const filters: string[] = [];
  const every = options.everySeconds;
  if (every !== undefined) {
    if (!(every > 0)) fail('ABG_ERR_VALIDATION', 'everySeconds must be positive.');
    filters.push(`fps=1/${every}`);
  } else args.push('-fps_mode', 'passthrough');
  if (options.size) filters.push(`scale=${width}:${height}`);
  if (filters.length) args.push('-vf', filters.join(','));
  args.push('-frames:v', String(maxFrames + 1), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const p = spawnChecked('ffmpeg', args, timeoutMs);
  const frameBytes = width * height * 3;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  const fps = options.everySeconds !== undefined ? 1 / options.everySeconds : info.fps || 30;
  try {
    for await (const chunk of p.child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= frameBytes) {
        const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        const frame = new Uint8Array(all.buffer, all.byteOffset, frameBytes).slice();
        const rest = all.subarray(frameBytes);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
        if (index >= maxFrames) fail('ABG_ERR_VIDEO_TOO_LARGE', `More than ${maxFrames} frames.`, { maxFrames });
        yield { index, timestampSeconds: index / fps, width, height, data: frame };
        index++;
      }
    }
    const { code } = await p.done;
    if (p.timedOut()) fail('ABG_ERR_VIDEO_TOO_LARGE', `ffmpeg ran past ${timeoutMs} ms.`);
    if (code !== 0 && index === 0) fail('ABG_ERR_CORRUPT_VIDEO', firstLine(p.stderr()));
    if (index === 0) fail('ABG_ERR_CORRUPT_VIDEO', 'No frame could be decoded.');
  } catch (e) {
    throw mapSpawnError(e, 'ffmpeg');
  } finally {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }
}
