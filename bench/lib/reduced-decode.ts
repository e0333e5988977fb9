// Camera-size photos for `npm run bench -- triage`: PDQ from a full decode against PDQ from the
// reduced decode triage uses (decode.ts reducedMinSide), before and after its overheads were cut
// (reduced-decode-before.ts), in the same run: the hash distance distributions, photos per
// CPU-second on one thread (passes interleaved, so a change in the machine's load hits every
// variant alike), the decoder's floor (sharp at 1/8 to greyscale; libjpeg-turbo alone, see
// decode-profile.ts), where one photo's time goes, and the hashing pool on every core. The photos
// are the PDQ reference set's JPEGs of 1 MP and more (../shared/data/pdq/images: the bridge photo
// and its edits, rotations and colour modes, EXIF-rotated 12 MP photos); LFW photos (250×250)
// are too small to reduce.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { decodeImagePixels, type DecodedPixels } from '../../src/media/decode.ts';
import { readJpegHeader } from '../../src/media/jpeg-header.ts';
import { PDQ_DECODE_MIN_SIDE, pdqFromRgb } from '../../src/signals/pdq/index.ts';
import { hammingHex } from '../../src/signals/pdq/pdq-hash.ts';
import { PdqPool } from '../../src/signals/pdq/pdq-pool.ts';
import { libjpegVersion, reducedDecodeProfile, sharpEighthGrey, tinyJpeg, withLibjpegFloor } from './decode-profile.ts';
import { decodeReducedBefore } from './reduced-decode-before.ts';

const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : /\.jpe?g$/i.test(f) ? [join(d, f)] : []));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

type Kind = 'baseline' | 'progressive' | 'twelveMegapixel';
const KINDS: readonly Kind[] = ['baseline', 'progressive', 'twelveMegapixel'];

function histogram(distances: number[]): Record<string, unknown> {
  const sorted = [...distances].sort((a, b) => a - b);
  const h: Record<string, number> = {};
  for (const d of sorted) h[d] = (h[d] ?? 0) + 1;
  return { histogram: h, median: sorted[sorted.length >> 1], max: sorted.at(-1), within8: sorted.filter((d) => d <= 8).length };
}

// CPU ms per job of a worker round trip with next to nothing to decode (a 16×16 JPEG): the
// messaging, structured clone and promise work around each photo.
async function poolRoundTripMs(): Promise<number> {
  const tiny = await tinyJpeg();
  const pool = new PdqPool(1, {}, PDQ_DECODE_MIN_SIDE);
  try {
    for (let i = 0; i < 50; i++) await pool.hashDihedral(tiny);
    const c = process.cpuUsage();
    for (let i = 0; i < 500; i++) await pool.hashDihedral(tiny);
    const u = process.cpuUsage(c);
    return round((u.user + u.system) / 1000 / 500, 3);
  } finally {
    await pool.close();
  }
}

// Photos per second and per CPU-second through the pool, and the cores it got (CPU seconds per
// second: on a shared machine other jobs take their share, and the wall rate follows).
async function poolRate(workers: number, files: Uint8Array[], reps: number): Promise<{ workers: number; perSecond: number; perCpuSecond: number; coresUsed: number }> {
  const pool = new PdqPool(workers, {}, PDQ_DECODE_MIN_SIDE);
  try {
    await Promise.all(files.slice(0, 4).map((b) => pool.hashDihedral(b)));
    const c = process.cpuUsage();
    const t = performance.now();
    for (let r = 0; r < reps; r++) await Promise.all(files.map((b) => pool.hashDihedral(b)));
    const used = process.cpuUsage(c);
    const n = files.length * reps;
    const [wall, cpu] = [(performance.now() - t) / 1000, (used.user + used.system) / 1e6];
    return { workers, perSecond: round(n / wall), perCpuSecond: round(n / cpu), coresUsed: round(cpu / wall, 2) };
  } finally {
    await pool.close();
  }
}

/** Runs the comparison over the reference set's camera-size JPEGs. */
export async function reducedDecodeFigures(pdqImages: string, reps: number): Promise<Record<string, unknown>> {
  const files: Uint8Array[] = [];
  const kinds: Kind[] = [];
  let pixels = 0;
  for (const f of walk(pdqImages)) {
    const b = new Uint8Array(readFileSync(f));
    const h = readJpegHeader(b);
    if (!h || h.width * h.height < 1_000_000) continue;
    files.push(b);
    kinds.push(h.progressive ? 'progressive' : h.width * h.height >= 10_000_000 ? 'twelveMegapixel' : 'baseline');
    pixels += h.width * h.height;
  }
  const pdq = (img: DecodedPixels) => pdqFromRgb(img.data, img.width, img.height, img.channels).hash;
  const variants = {
    fullDecode: async (b: Uint8Array) => pdq(await decodeImagePixels(b, { alpha: 'ignore' })),
    reducedBefore: async (b: Uint8Array) => pdq(await decodeReducedBefore(b, PDQ_DECODE_MIN_SIDE)),
    reducedAfter: async (b: Uint8Array) => pdq(await decodeImagePixels(b, { alpha: 'ignore', reducedMinSide: PDQ_DECODE_MIN_SIDE })),
    sharpFloorEighthGrey: async (b: Uint8Array) => { await sharpEighthGrey(b); return ''; },
  };
  type Variant = keyof typeof variants;
  const distances = { reducedBefore: [] as number[], reducedAfter: [] as number[] };
  for (const b of files) {
    const full = await variants.fullDecode(b);
    distances.reducedBefore.push(hammingHex(await variants.reducedBefore(b), full));
    distances.reducedAfter.push(hammingHex(await variants.reducedAfter(b), full));
  }

  // One thread. The pass before the cuts runs with sharp's default operation cache, the others
  // without (as the pool's workers now run); passes alternate, round by round.
  sharp.concurrency(1);
  const cpu = Object.fromEntries(Object.keys(variants).map((v) => [v, files.map(() => 0)])) as Record<Variant, number[]>;
  const wall = Object.fromEntries(Object.keys(variants).map((v) => [v, 0])) as Record<Variant, number>;
  for (let r = 0; r < reps; r++) {
    for (const v of Object.keys(variants) as Variant[]) {
      sharp.cache(v === 'reducedBefore');
      const t = performance.now();
      for (let i = 0; i < files.length; i++) {
        const c = process.cpuUsage();
        await variants[v](files[i]!);
        const u = process.cpuUsage(c);
        cpu[v][i]! += (u.user + u.system) / 1e6;
      }
      wall[v] += (performance.now() - t) / 1000;
    }
  }
  sharp.cache(false);
  const perCpuSecond = (v: Variant, kind?: Kind) => {
    const idx = files.map((_, i) => i).filter((i) => !kind || kinds[i] === kind);
    return round((idx.length * reps) / idx.reduce((s, i) => s + cpu[v][i]!, 0));
  };
  const profile = await reducedDecodeProfile(files, reps);

  const ofKind = (k?: Kind) => files.filter((_, i) => !k || kinds[i] === k);
  const floor = withLibjpegFloor((run) => ({
    library: libjpegVersion(),
    grey8: run('grey8', ofKind(), reps * 3),
    reducedRgb: run(`min${PDQ_DECODE_MIN_SIDE}`, ofKind(), reps * 3),
    fullRgb: run('rgb1', ofKind(), reps * 3),
    byKind: Object.fromEntries(KINDS.map((k) => [k, { grey8: run('grey8', ofKind(k), reps * 3), reducedRgb: run(`min${PDQ_DECODE_MIN_SIDE}`, ofKind(k), reps * 3) }])),
  }));

  const roundTrip = await poolRoundTripMs();
  const pool1 = await poolRate(1, files, reps);
  const pool = await poolRate(availableParallelism(), files, reps);
  const grey8 = 'grey8' in floor ? floor.grey8 : null;
  return {
    photos: files.length, kinds: Object.fromEntries(KINDS.map((k) => [k, ofKind(k).length])),
    meanMegapixels: round(pixels / files.length / 1e6, 2), minSide: PDQ_DECODE_MIN_SIDE, rounds: reps,
    distanceBitsFromFullDecode: { reducedBefore: histogram(distances.reducedBefore), reducedAfter: histogram(distances.reducedAfter) },
    oneThreadPerCpuSecond: Object.fromEntries(Object.keys(variants).map((v) => [v, perCpuSecond(v as Variant)])),
    oneThreadPerSecond: Object.fromEntries(Object.keys(variants).map((v) => [v, round((files.length * reps) / wall[v as Variant])])),
    oneThreadPerCpuSecondByKind: Object.fromEntries(KINDS.map((k) => [k, { reducedBefore: perCpuSecond('reducedBefore', k), reducedAfter: perCpuSecond('reducedAfter', k), sharpFloorEighthGrey: perCpuSecond('sharpFloorEighthGrey', k) }])),
    libjpegFloorPerCpuSecond: floor,
    stepCpuMsPerPhoto: { ...profile, workerRoundTripOnTinyJpeg: roundTrip },
    poolOneWorker: pool1,
    poolReducedDihedral: pool,
    minutesFor100kAtPoolRate: round(100_000 / pool.perSecond / 60),
    goalPerCore150: { reducedAfterMeets: perCpuSecond('reducedAfter') >= 150, libjpegFloorReaches: grey8 === null ? null : grey8 >= 150 },
  };
}
