// `abgleich hash <files or dirs...>`: one JSON line per file with every signal that applies.
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { walkFiles } from '../files.ts';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { isAbgError } from '../../domain/errors.ts';
import { sniffImageFormat } from '../../media/image-format.ts';
import { sniffVideoContainer } from '../../media/video.ts';
import { sniffAudioContainer } from '../../media/audio.ts';
import { audioFromFile, encodeAudioItems } from '../../signals/audio/index.ts';
import { defaultDecodeLimits } from '../../media/decode.ts';
import { PdqPool } from '../../signals/pdq/pdq-pool.ts';
import { vpdqFromFile } from '../../signals/vpdq/index.ts';

export interface HashLine {
  file: string;
  size?: number;
  type?: 'photo' | 'video' | 'file';
  sha256?: string;
  md5?: string;
  sha1?: string;
  pdq?: { hash: string; quality: number };
  vpdq?: { frames: number };
  /** Chromaprint fingerprint of a recording or a video's sound track (docs/audio.md). */
  audio?: { durationSeconds: number; fingerprint: string };
  error?: { code: string; message: string; signal?: string };
}

export interface HashOptions {
  /** Parallel photo hashers (worker threads); defaults to the number of cores. */
  workers?: number;
  /** Skip vPDQ and the sound track for videos (digests only). */
  video?: boolean;
}

async function digests(path: string): Promise<{ sha256: string; md5: string; sha1: string; size: number }> {
  const h = { sha256: createHash('sha256'), md5: createHash('md5'), sha1: createHash('sha1') };
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    size += chunk.length;
    h.sha256.update(chunk); h.md5.update(chunk); h.sha1.update(chunk);
  }
  return { sha256: h.sha256.digest('hex'), md5: h.md5.digest('hex'), sha1: h.sha1.digest('hex'), size };
}

async function head(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function codedError(e: unknown, signal?: string): NonNullable<HashLine['error']> {
  if (isAbgError(e)) return { code: e.code, message: e.message, ...(signal ? { signal } : {}) };
  const errno = (e as NodeJS.ErrnoException)?.code;
  if (errno === 'ENOENT') return { code: 'ABG_ERR_NOT_FOUND', message: 'No such file.', ...(signal ? { signal } : {}) };
  return { code: 'ABG_ERR_INTERNAL', message: e instanceof Error ? e.message : String(e), ...(signal ? { signal } : {}) };
}

async function audioOf(path: string): Promise<HashLine['audio']> {
  const a = await audioFromFile(path);
  return { durationSeconds: a.durationSeconds, fingerprint: encodeAudioItems(a.items) };
}

/** Hashes one file; never throws, failures become `error`. */
export async function hashFile(path: string, pool: PdqPool, options: HashOptions = {}): Promise<HashLine> {
  const line: HashLine = { file: path };
  try {
    const start = await head(path);
    Object.assign(line, await digests(path));
    const image = sniffImageFormat(start);
    const video = image.kind === 'supported' ? null : sniffVideoContainer(start);
    line.type = image.kind === 'supported' ? 'photo' : video ? 'video' : 'file';
    if (line.type === 'photo') {
      if ((line.size ?? 0) > defaultDecodeLimits.maxBytes) {
        line.error = { code: 'ABG_ERR_IMAGE_TOO_LARGE', message: `${line.size} bytes > ${defaultDecodeLimits.maxBytes}.`, signal: 'pdq' };
      } else {
        try { line.pdq = await pool.hash(await readFile(path)); } catch (e) { line.error = codedError(e, 'pdq'); }
      }
    } else if (line.type === 'video' && options.video !== false) {
      try { line.vpdq = { frames: (await vpdqFromFile(path)).frames.length }; } catch (e) { line.error = codedError(e, 'vpdq'); }
      // A video without a sound track, or a silent one, simply has no audio fingerprint.
      try { line.audio = await audioOf(path); } catch (e) { if (!isAbgError(e) || !['ABG_ERR_NO_AUDIO_STREAM', 'ABG_ERR_NO_AUDIO_FINGERPRINT'].includes(e.code)) line.error ??= codedError(e, 'audio'); }
    } else if (line.type === 'file' && sniffAudioContainer(start)) {
      try { line.audio = await audioOf(path); } catch (e) { line.error = codedError(e, 'audio'); }
    }
  } catch (e) {
    line.error = codedError(e);
  }
  return line;
}

/** Hashes every file under `paths`, writing lines in input order; at most 2×workers files in flight. */
export async function hashPaths(paths: string[], write: (line: HashLine) => void, options: HashOptions = {}): Promise<{ files: number; errors: number }> {
  const pool = new PdqPool(options.workers);
  const inFlight: Promise<HashLine>[] = [];
  const limit = 2 * (options.workers ?? availableParallelism());
  let files = 0;
  let errors = 0;
  const emit = (l: HashLine) => { files++; if (l.error) errors++; write(l); };
  try {
    for await (const file of walkFiles(paths)) {
      inFlight.push(hashFile(file, pool, options));
      if (inFlight.length >= limit) emit(await inFlight.shift()!);
    }
    while (inFlight.length) emit(await inFlight.shift()!);
  } finally {
    await pool.close();
  }
  return { files, errors };
}

export function registerHashCommand(program: Command): void {
  program
    .command('hash')
    .description('print one JSON line per file with sha256, md5, sha1 and, where they apply, pdq {hash, quality}, the vpdq frame count and the audio fingerprint {durationSeconds, fingerprint} (runs locally; no server)')
    .argument('<paths...>', 'files or directories (walked recursively)')
    .option('--workers <n>', 'parallel photo hashers (default: one per core)', (v) => Number.parseInt(v, 10))
    .option('--no-video', 'skip vPDQ and the sound track for videos')
    .action(async (paths: string[], opts: { workers?: number; video?: boolean }) => {
      const { errors } = await hashPaths(paths, (l) => process.stdout.write(`${JSON.stringify(l)}\n`), opts);
      if (errors > 0) process.exitCode = 1;
    });
}
