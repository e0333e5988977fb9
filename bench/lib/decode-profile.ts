// Where one reduced photo's time goes, for `npm run bench -- triage`: CPU milliseconds per photo
// of each step of the hashing path, one thread (sharp.concurrency(1)), each step measured on its
// own over the same camera-size JPEGs; and the decoder's floor: libjpeg-turbo alone in a tight
// loop (bench/lib/jpeg-floor.c, built with the system's cc and libjpeg where both are there).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { decodeImagePixels, dctShrink } from '../../src/media/decode.ts';
import { readJpegHeader } from '../../src/media/jpeg-header.ts';
import { PDQ_DECODE_MIN_SIDE, pdqDihedralFromRgb, pdqFromRgb } from '../../src/signals/pdq/index.ts';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** CPU milliseconds per photo (every thread of this process) of `pass` run `reps` times over `photos` photos. */
export async function cpuMsPerPhoto(photos: number, reps: number, pass: () => Promise<void> | void): Promise<number> {
  const c = process.cpuUsage();
  for (let r = 0; r < reps; r++) await pass();
  const u = process.cpuUsage(c);
  return round((u.user + u.system) / 1000 / (photos * reps));
}

/** sharp at 1/8 in the DCT domain to greyscale raw, nothing else (asked for 1/9: see decode.ts). */
export function sharpEighthGrey(b: Uint8Array): Promise<Buffer> {
  const h = readJpegHeader(b)!;
  return sharp(b).resize(Math.ceil(h.width / 9), Math.ceil(h.height / 9), { fit: 'fill', fastShrinkOnLoad: true, kernel: 'nearest' }).greyscale().raw().toBuffer();
}

/** A 16×16 JPEG: what a call costs when there is next to nothing to decode. */
export async function tinyJpeg(): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 90, g: 120, b: 30 } } }).jpeg().toBuffer());
}

/** Per-step CPU ms per photo of the reduced hashing path on one thread. */
export async function reducedDecodeProfile(files: Uint8Array[], reps: number): Promise<Record<string, number>> {
  const scaled = files.map((b) => {
    const h = readJpegHeader(b)!;
    const s = dctShrink(h.width, h.height, PDQ_DECODE_MIN_SIDE);
    return [Math.ceil(h.width / (s + 1)), Math.ceil(h.height / (s + 1))] as const;
  });
  const decoded = await Promise.all(files.map((b) => decodeImagePixels(b, { alpha: 'ignore', reducedMinSide: PDQ_DECODE_MIN_SIDE })));
  const tiny = await tinyJpeg();
  const n = files.length;
  const each = (fn: (b: Uint8Array, i: number) => unknown) => async () => { for (let i = 0; i < n; i++) await fn(files[i]!, i); };
  const resize = (i: number, kernel: 'linear' | 'nearest') => ({ width: scaled[i]![0], height: scaled[i]![1], fit: 'fill' as const, fastShrinkOnLoad: true, kernel });
  return {
    jsHeaderParse: await cpuMsPerPhoto(n, reps * 20, each((b) => readJpegHeader(b))),
    sharpMetadataParse: await cpuMsPerPhoto(n, reps, each((b) => sharp(b).metadata())),
    sharpCallOnTinyJpeg: await cpuMsPerPhoto(n, reps, each(() => sharp(tiny).raw().toBuffer())),
    sharpDecodeAtScaleNearestRgb: await cpuMsPerPhoto(n, reps, each((b, i) => sharp(b).resize(resize(i, 'nearest')).raw().toBuffer())),
    sharpDecodeAtScaleNearestGrey: await cpuMsPerPhoto(n, reps, each((b, i) => sharp(b).resize(resize(i, 'nearest')).greyscale().raw().toBuffer())),
    sharpDecodeAtScaleLinearRgb: await cpuMsPerPhoto(n, reps, each((b, i) => sharp(b).resize(resize(i, 'linear')).raw().toBuffer())),
    sharpDecodeEighthGrey: await cpuMsPerPhoto(n, reps, each((b) => sharpEighthGrey(b))),
    decodeImagePixelsReduced: await cpuMsPerPhoto(n, reps, each((b) => decodeImagePixels(b, { alpha: 'ignore', reducedMinSide: PDQ_DECODE_MIN_SIDE }))),
    pdqOnDecoded: await cpuMsPerPhoto(n, reps * 5, each((_, i) => pdqFromRgb(decoded[i]!.data, decoded[i]!.width, decoded[i]!.height, decoded[i]!.channels))),
    pdqWithDihedralOnDecoded: await cpuMsPerPhoto(n, reps * 5, each((_, i) => pdqDihedralFromRgb(decoded[i]!.data, decoded[i]!.width, decoded[i]!.height, decoded[i]!.channels))),
  };
}

const source = fileURLToPath(new URL('./jpeg-floor.c', import.meta.url));

/** Builds jpeg-floor.c; runs `use(run)` with it; null with the reason when there is no cc or libjpeg. */
export function withLibjpegFloor<T>(use: (run: (mode: string, files: Uint8Array[], reps: number) => number) => T): T | { skipped: string } {
  const dir = mkdtempSync(join(tmpdir(), 'jpeg-floor-'));
  try {
    const exe = join(dir, 'jpeg-floor');
    try {
      execFileSync('cc', ['-O2', '-o', exe, source, '-ljpeg'], { stdio: 'pipe' });
    } catch (e) {
      return { skipped: `cc -ljpeg failed: ${String((e as { stderr?: Buffer }).stderr ?? e).split('\n')[0]}` };
    }
    let k = 0;
    return use((mode, files, reps) => {
      const paths = files.map((b) => { const p = join(dir, `${k++}.jpg`); writeFileSync(p, b); return p; });
      // glibc otherwise maps fresh pages for every progressive photo's coefficient buffer and
      // returns them after, and the page faults (half the floor's time, mixed with camera-size
      // photos) are not the decoder's own work: keep freed memory for reuse, as a long-running decoder does.
      const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: String(2 ** 30), MALLOC_TRIM_THRESHOLD_: String(2 ** 30) };
      const r = JSON.parse(execFileSync(exe, [mode, String(reps), ...paths], { encoding: 'utf8', env })) as { perCpuSecond: number; failed: number };
      if (r.failed > 0) throw new Error(`jpeg-floor ${mode}: ${r.failed} decodes failed`);
      return r.perCpuSecond;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The libjpeg-turbo version the floor was built against, from its jconfig.h. */
export function libjpegVersion(): string {
  try {
    return execFileSync('sh', ['-c', 'grep -h "define LIBJPEG_TURBO_VERSION " /usr/include/*/jconfig.h /usr/include/jconfig.h 2>/dev/null | head -1'], { encoding: 'utf8' })
      .replace(/^#define\s+LIBJPEG_TURBO_VERSION\s+/, 'libjpeg-turbo ').trim() || 'libjpeg';
  } catch {
    return 'libjpeg';
  }
}
