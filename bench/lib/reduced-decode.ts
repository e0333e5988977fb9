// Camera-size photos for `npm run bench -- triage`: PDQ from a full decode against PDQ from the
// DCT-reduced decode triage uses (decode.ts reducedMinSide), in the same run: the hash distance
// distribution, photos per second on one thread (decode included; per CPU-second too, since the
// machine is shared), and the hashing pool on every core. The photos are the PDQ reference set's
// JPEGs of 1 MP and more (../shared/data/pdq/images: the bridge photo and its edits, rotations
// and colour modes, EXIF-rotated 12 MP photos); LFW photos (250×250) are too small to reduce.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { decodeImagePixels } from '../../src/media/decode.ts';
import { PDQ_DECODE_MIN_SIDE, pdqFromRgb } from '../../src/signals/pdq/index.ts';
import { hammingHex } from '../../src/signals/pdq/pdq-hash.ts';
import { PdqPool } from '../../src/signals/pdq/pdq-pool.ts';

const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : /\.jpe?g$/i.test(f) ? [join(d, f)] : []));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function rate(n: number, once: () => Promise<void>): Promise<{ perSecond: number; perCpuSecond: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  await once();
  const used = process.cpuUsage(c);
  return { perSecond: round(n / ((performance.now() - t) / 1000)), perCpuSecond: round(n / ((used.user + used.system) / 1e6)) };
}

/** Runs the comparison over the reference set's camera-size JPEGs. */
export async function reducedDecodeFigures(pdqImages: string, reps: number): Promise<Record<string, unknown>> {
  const files: Buffer[] = [];
  for (const f of walk(pdqImages)) {
    const b = readFileSync(f);
    const m = await sharp(b).metadata().catch(() => null);
    if (m?.format === 'jpeg' && (m.width ?? 0) * (m.height ?? 0) >= 1_000_000) files.push(b);
  }
  const distances: number[] = [];
  let pixels = 0;
  for (const b of files) {
    const full = await decodeImagePixels(b, { alpha: 'ignore' }).catch(() => null);
    if (!full) continue;
    const red = await decodeImagePixels(b, { alpha: 'ignore', reducedMinSide: PDQ_DECODE_MIN_SIDE });
    pixels += full.width * full.height;
    distances.push(hammingHex(pdqFromRgb(full.data, full.width, full.height, full.channels).hash, pdqFromRgb(red.data, red.width, red.height, red.channels).hash));
  }
  const good = files.filter((_, i) => i < distances.length);
  // One thread: libvips would otherwise decode on several.
  sharp.concurrency(1);
  const oneThread = async (reducedMinSide?: number) => rate(good.length * reps, async () => {
    for (let r = 0; r < reps; r++) for (const b of good) {
      const img = await decodeImagePixels(b, { alpha: 'ignore', ...(reducedMinSide ? { reducedMinSide } : {}) });
      pdqFromRgb(img.data, img.width, img.height, img.channels);
    }
  });
  const fullRate = await oneThread();
  const reducedRate = await oneThread(PDQ_DECODE_MIN_SIDE);
  sharp.concurrency(0);
  const pool = new PdqPool(availableParallelism(), {}, PDQ_DECODE_MIN_SIDE);
  let poolRate;
  try {
    await Promise.all(good.slice(0, 4).map((b) => pool.hashDihedral(b)));
    poolRate = await rate(good.length * reps, async () => {
      for (let r = 0; r < reps; r++) await Promise.all(good.map((b) => pool.hashDihedral(b)));
    });
  } finally {
    await pool.close();
  }
  const sorted = [...distances].sort((a, b) => a - b);
  const histogram: Record<string, number> = {};
  for (const d of sorted) histogram[d] = (histogram[d] ?? 0) + 1;
  return {
    photos: good.length, meanMegapixels: round(pixels / good.length / 1e6, 2), minSide: PDQ_DECODE_MIN_SIDE,
    distanceBits: { histogram, median: sorted[sorted.length >> 1], max: sorted.at(-1), within8: sorted.filter((d) => d <= 8).length },
    oneThreadFullDecode: fullRate, oneThreadReducedDecode: reducedRate,
    poolReducedDihedral: { workers: availableParallelism(), ...poolRate },
    minutesFor100kAtPoolRate: round(100_000 / poolRate.perSecond / 60),
  };
}
