// Test recordings made with Debian tools in a temporary folder: espeak-ng speech (voices, pitch,
// speed and pseudo-random texts vary with the seed) over a quiet chord, plus the copies a
// recording meets in seized media (re-encodings, resampling, volume, noise, excerpts, video).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rng } from './synthetic-vectors.ts';

const run = promisify(execFile);

const VOICES = ['en', 'en-us', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'sv', 'pt', 'cs', 'da'];
const VARIANTS = ['', '+m1', '+m3', '+f1', '+f2', '+f4'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sto', 'vu', 'dal', 'nep', 'tri', 'gor', 'bel', 'shu', 'an', 'fi', 'zor', 'pla', 'wen', 'ix', 'tam', 'ro'];

/** A pseudo-random text of about `words` words for one seed. */
export function speechText(seed: number, words: number): string {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const n = 1 + Math.floor(r() * 3);
    out.push(Array.from({ length: n }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join(''));
    if (r() < 0.12) out[out.length - 1] += '.';
  }
  return out.join(' ');
}

/** Writes `count` recordings of `seconds` seconds each (22050 Hz mono WAV) cut from one speech run for `seed`; returns their paths. */
export async function makeRecordings(dir: string, seed: number, count: number, seconds = 40): Promise<string[]> {
  const r = rng(seed * 7919 + 1);
  const voice = VOICES[seed % VOICES.length]! + VARIANTS[Math.floor(seed / VOICES.length) % VARIANTS.length]!;
  const speech = join(dir, `s${seed}.wav`);
  await run('espeak-ng', ['-v', voice, '-s', String(130 + Math.floor(r() * 60)), '-p', String(20 + Math.floor(r() * 60)), '-w', speech, speechText(seed, Math.ceil(count * seconds * 3.2))], { maxBuffer: 1 << 20 });
  const pcm = await readWav(speech);
  const n = seconds * pcm.rate;
  const out: string[] = [];
  for (let k = 0; k < count && (k + 1) * n <= pcm.samples.length; k++) {
    // A quiet chord with a slow tremolo under the speech, so pauses are not digital silence.
    const f1 = 110 + r() * 300;
    const f2 = f1 * (1.2 + r() * 0.4);
    const trem = 0.3 + r() * 3;
    const samples = new Int16Array(n);
    const src = pcm.samples.subarray(k * n, (k + 1) * n);
    // Oscillators as rotating phasors: one multiply-add per sample instead of a sine.
    const osc = [f1, f2, trem].map((f) => ({ c: Math.cos((2 * Math.PI * f) / pcm.rate), s: Math.sin((2 * Math.PI * f) / pcm.rate), x: 1, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (const o of osc) { const x = o.x * o.c - o.y * o.s; o.y = o.x * o.s + o.y * o.c; o.x = x; }
      samples[i] = clip(src[i]! + 900 * (0.6 + 0.4 * osc[2]!.y) * (osc[0]!.y + osc[1]!.y));
    }
    out.push(await writeWav(join(dir, `rec${seed}-${k}.wav`), { rate: pcm.rate, samples }));
  }
  return out;
}

let fingerprintRuns = 0;

/** Raw Chromaprint sub-fingerprints of many files from one ffmpeg run (benchmarks: fewer process starts). */
export async function fingerprintMany(paths: readonly string[], dir: string): Promise<Uint32Array[]> {
  const args: string[] = [];
  for (const p of paths) args.push('-i', p);
  // Runs at the same time must not share output files.
  const run = ++fingerprintRuns;
  const outs = paths.map((_, i) => join(dir, `fp-${process.pid}-${run}-${i}.raw`));
  paths.forEach((_, i) => args.push('-map', `${i}:a:0`, '-f', 'chromaprint', '-fp_format', 'raw', outs[i]!));
  await ffmpeg(...args);
  return Promise.all(outs.map(async (o) => {
    const b = await readFile(o);
    return Uint32Array.from({ length: b.length >> 2 }, (_, i) => b.readUInt32LE(i * 4));
  }));
}

const clip = (x: number) => Math.max(-32768, Math.min(32767, Math.round(x)));

export interface Pcm { rate: number; samples: Int16Array }

/** Reads a 16-bit mono PCM WAV written by sox or espeak-ng. */
export async function readWav(path: string): Promise<Pcm> {
  const b = await readFile(path);
  let p = 12;
  let rate = 0;
  while (p + 8 <= b.length) {
    const id = b.toString('ascii', p, p + 4);
    const size = b.readUInt32LE(p + 4);
    if (id === 'fmt ') rate = b.readUInt32LE(p + 12);
    if (id === 'data') {
      const n = Math.min(size, b.length - p - 8) >> 1;
      return { rate, samples: new Int16Array(b.buffer.slice(b.byteOffset + p + 8, b.byteOffset + p + 8 + n * 2)) };
    }
    p += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Writes 16-bit mono PCM as a WAV file. */
export async function writeWav(path: string, pcm: Pcm): Promise<string> {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + pcm.samples.length * 2, 4); h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(pcm.rate, 24);
  h.writeUInt32LE(pcm.rate * 2, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34); h.write('data', 36); h.writeUInt32LE(pcm.samples.length * 2, 40);
  await writeFile(path, Buffer.concat([h, Buffer.from(pcm.samples.buffer, pcm.samples.byteOffset, pcm.samples.byteLength)]));
  return path;
}

/** The recording scaled by `db` decibels (clipped). */
export const withGain = (pcm: Pcm, db: number): Pcm => ({ rate: pcm.rate, samples: Int16Array.from(pcm.samples, (s) => clip(s * 10 ** (db / 20))) });

/** The recording with white Gaussian noise at `snrDb` below its power. */
export function withNoise(pcm: Pcm, snrDb: number, seed: number): Pcm {
  let power = 0;
  for (const s of pcm.samples) power += s * s;
  const sigma = Math.sqrt(power / pcm.samples.length / 10 ** (snrDb / 10));
  const r = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return { rate: pcm.rate, samples: Int16Array.from(pcm.samples, (s) => clip(s + sigma * gauss())) };
}

/** `seconds` seconds of the recording from `startSeconds`. */
export const excerpt = (pcm: Pcm, startSeconds: number, seconds: number): Pcm => ({ rate: pcm.rate, samples: pcm.samples.slice(Math.round(startSeconds * pcm.rate), Math.round((startSeconds + seconds) * pcm.rate)) });

/** Runs ffmpeg quietly with the given arguments, overwriting its output. */
export async function ffmpeg(...args: string[]): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
}

export type Reencoding = 'mp3-64' | 'mp3-128' | 'aac' | 'opus' | 'resample-8k' | 'video';

const CODECS: Record<Reencoding, { args: string[]; ext: string }> = {
  'mp3-64': { args: ['-c:a', 'libmp3lame', '-b:a', '64k'], ext: 'mp3' },
  'mp3-128': { args: ['-c:a', 'libmp3lame', '-b:a', '128k'], ext: 'mp3' },
  aac: { args: ['-c:a', 'aac', '-b:a', '96k'], ext: 'm4a' },
  opus: { args: ['-c:a', 'libopus', '-b:a', '48k'], ext: 'opus' },
  'resample-8k': { args: ['-ar', '8000'], ext: 'wav' },
  // A small H.264 + AAC video whose sound track is the recording.
  video: { args: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-shortest'], ext: 'mp4' },
};

/** Copies of recordings through a codec (or as a video's sound track), from one ffmpeg run; returns their paths. */
export async function reencodeMany(paths: readonly string[], kind: Reencoding, dir: string): Promise<string[]> {
  const c = CODECS[kind];
  const args: string[] = [];
  for (const p of paths) args.push('-i', p);
  if (kind === 'video') args.push('-f', 'lavfi', '-i', 'testsrc=size=96x64:rate=5');
  const outs = paths.map((p, i) => join(dir, `${kind}-${i}-${p.replace(/^.*\//, '').replace(/\.\w+$/, '')}.${c.ext}`));
  paths.forEach((_, i) => args.push(...(kind === 'video' ? ['-map', `${paths.length}:v:0`] : []), '-map', `${i}:a:0`, ...c.args, outs[i]!));
  await ffmpeg(...args);
  return outs;
}
