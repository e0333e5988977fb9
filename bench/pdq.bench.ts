// PDQ throughput: hashes per second with decoding excluded (pixels decoded beforehand) and
// included (file bytes → decode → hash), on one thread and on a worker pool.
// `npm run bench -- pdq [--quick]`; the last line is one JSON object.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import sharp from 'sharp';
import { decodeImage } from '../src/media/decode.ts';
import { pdqFromImageBytes } from '../src/signals/pdq/index.ts';
import { pdqFromPixels } from '../src/signals/pdq/pdq-core.ts';
import { PdqPool } from '../src/signals/pdq/pdq-pool.ts';

const quick = process.argv.includes('--quick');
const data = fileURLToPath(new URL('../../shared/data/', import.meta.url));
if (!existsSync(join(data, 'lfw')) || !existsSync(join(data, 'pdq/images'))) {
  console.log(JSON.stringify({ bench: 'pdq', skipped: 'shared data not found: ../shared/data/lfw and ../shared/data/pdq/images' }));
  process.exit(0);
}

function lfwFiles(n: number): string[] {
  const out: string[] = [];
  for (const person of readdirSync(join(data, 'lfw')).sort()) {
    const dir = join(data, 'lfw', person);
    if (!existsSync(dir) || person.includes('.')) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.jpg')) out.push(join(dir, f));
    if (out.length >= n) break;
  }
  return out.slice(0, n);
}

function pdqPhotos(): string[] {
  const dirs = ['bridge-mods', 'reg-test-input/dih', 'reg-test-input/labelme-subset', 'reg-test-input/exif-rotn'];
  return dirs.flatMap((d) => readdirSync(join(data, 'pdq/images', d)).filter((f) => /\.jpe?g$/.test(f)).sort().map((f) => join(data, 'pdq/images', d, f)));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const round = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

// Wall-clock rate, and the rate per CPU-second this process used (all its threads): on a shared,
// loaded machine the second is the better estimate of what one idle core would do.
async function rate(n: number, reps: number, once: () => Promise<void> | void): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    await once();
    wall.push(n / (Number(process.hrtime.bigint() - t) / 1e9));
    const used = process.cpuUsage(c);
    cpu.push(n / ((used.user + used.system) / 1e6));
  }
  return { wall: round(median(wall)), cpu: round(median(cpu)) };
}

async function measure(label: string, files: string[], reps: number) {
  const bytes = files.map((f) => readFileSync(f));
  // One core for the single-thread figures: libvips would otherwise decode on several threads.
  sharp.concurrency(1);
  const decoded: Awaited<ReturnType<typeof decodeImage>>[] = [];
  for (const b of bytes) decoded.push(await decodeImage(b, { autoOrient: false, alpha: 'ignore' }));
  const hashOnly = await rate(files.length, reps, () => {
    for (const d of decoded) pdqFromPixels(d.data, d.width, d.height, 3);
  });
  const decodeOnly = await rate(files.length, reps, async () => {
    for (const b of bytes) await decodeImage(b, { autoOrient: false, alpha: 'ignore' });
  });
  // The product's own path (what `abgleich hash` and the pool's workers run per file).
  const withDecode = await rate(files.length, reps, async () => {
    for (const b of bytes) await pdqFromImageBytes(b, { autoOrient: false });
  });
  const workers = availableParallelism();
  const pool = new PdqPool(workers);
  let pooled: { wall: number; cpu: number };
  try {
    await Promise.all(bytes.slice(0, workers * 2).map((b) => pool.hash(b))); // warm the workers
    pooled = await rate(files.length, reps, async () => { await Promise.all(bytes.map((b) => pool.hash(b, { autoOrient: false }))); });
  } finally {
    await pool.close();
  }
  const px = decoded.reduce((s, d) => s + d.width * d.height, 0) / decoded.length;
  const row = {
    images: files.length,
    meanMegapixels: round2(px / 1e6),
    decodeExcluded1Thread: hashOnly,
    decodeOnly1Thread: decodeOnly,
    decodeIncluded1Thread: withDecode,
    decodeIncludedPoolWall: pooled.wall,
    poolWorkers: workers,
    poolSpeedupOver1ThreadWall: round2(pooled.wall / withDecode.wall),
    // Same-run baseline: the native JPEG decoder on the same files, per CPU-second.
    hashOverDecodeRateCpu: round2(hashOnly.cpu / decodeOnly.cpu),
  };
  console.log(label, JSON.stringify(row));
  return row;
}

const reps = quick ? 3 : 5;
const load0 = loadavg()[0]!;
const lfw = await measure('lfw', lfwFiles(quick ? 300 : 2000), reps);
const photos = await measure('pdq-photos', pdqPhotos(), reps);
console.log(JSON.stringify({
  bench: 'pdq', quick, reps, unit: 'hashes/s (wall) and hashes per CPU-second (cpu)', statistic: 'median of reps',
  loadAverage1mStart: round(load0), loadAverage1mEnd: round(loadavg()[0]!), lfw, pdqPhotos: photos,
}));
