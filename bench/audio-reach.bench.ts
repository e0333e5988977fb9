// Reach of audio fingerprints (issue 24): generated recordings (espeak-ng speech in several voices
// over a quiet chord, 40 s each) are stored in the inverted audio index together with unrelated
// recordings (20 s each); copies of every recording (MP3 64/128 kbit/s, AAC, Opus, 8 kHz, volume
// ±6 dB, white noise at 20 dB SNR, 10 s and 30 s excerpts, the sound track of an H.264/AAC video)
// are looked up. Found: the own recording is a hit at the signal's BER threshold (an excerpt also
// at its true offset ±0.5 s). False: any hit on another recording. The calibration part aligns
// 10 s excerpts and whole MP3 copies by brute force with every unrelated recording and reports
// the lowest bit error rates among unrelated pairs. Lookup time is measured at 10k and 100k stored
// recordings; the stored fingerprints beyond the generated ones are synthesised by splicing runs
// of 8 sub-fingerprints of the unrelated recordings (so values are as skewed as real ones).
// Lookup is measured with the index's bounded voting and, as the baseline in the same run, with every
// key of the query voting. `--lookup-only` makes only the copies the lookup needs and skips reach and
// calibration.
// `npm run bench -- audio-reach [--quick] [--lookup-only] [--recordings=200] [--unrelated=2000] [--sizes=10000,100000] [--ber=0.35]`
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvertedAudioIndex } from '../src/index/audio-index.ts';
import { bestAlignment } from '../src/index/audio-align.ts';
import { CHROMAPRINT_ITEM_SECONDS } from '../src/media/audio.ts';
import { AUDIO_MATCH_BER, AUDIO_MIN_ITEMS, audioFromFile, audioUsable } from '../src/signals/audio/index.ts';
import { excerpt, fingerprintMany, makeRecordings, readWav, reencodeMany, withGain, withNoise, writeWav, type Reencoding } from '../src/testing/audio-material.ts';
import { rng } from '../src/testing/synthetic-vectors.ts';
import { cpuMs, gc, listArg, now, percentile, round, rssMb, summary } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const lookupOnly = process.argv.includes('--lookup-only');
const [recordingCount] = listArg('recordings', [quick ? 40 : 200]);
const [unrelatedCount] = listArg('unrelated', [quick ? 300 : 2000]);
const sizes = listArg('sizes', quick ? [10_000] : [10_000, 100_000]);
const [maxBer] = listArg('ber', [AUDIO_MATCH_BER]);
const dir = mkdtempSync(join(tmpdir(), 'abg-audio-reach-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const t0 = now();
/** Progress and stage notes go to stderr; the last line of stdout is the result. */
const log = (msg: string) => process.stderr.write(`[${Math.round((now() - t0) / 1000)} s] ${msg}\n`);
const workers = Math.max(1, availableParallelism());

/**
 * Runs `fn` over chunks of `size`, one chunk per worker at a time (each chunk is one espeak-ng or
 * ffmpeg child process), and reports on stderr how many pieces of the stage are done.
 */
async function pool<T, R>(stage: string, items: readonly T[], size: number, fn: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  const out: R[][] = new Array(chunks.length);
  let next = 0;
  let done = 0;
  let shown = now();
  await Promise.all(Array.from({ length: Math.min(workers, chunks.length) }, async () => {
    while (next < chunks.length) {
      const k = next++;
      out[k] = await fn(chunks[k]!);
      done += chunks[k]!.length;
      if (done === items.length || now() - shown > 10_000) { shown = now(); log(`${stage}: ${done}/${items.length}`); }
    }
  }));
  return out.flat();
}

const fingerprints = (stage: string, paths: readonly string[]) => pool(`${stage} fingerprinted`, paths, 10, (c) => fingerprintMany(c, dir));

// Recordings: 10 per speech run (one voice each), unrelated ones 50 per run from other seeds. A run
// whose speech comes out shorter gives fewer pieces; the shortfall is reported, not hidden.
log(`${workers} workers`);
const originals = (await pool('recording speech runs', Array.from({ length: Math.ceil(recordingCount! / 10) }, (_, i) => i + 1), 1, ([s]) => makeRecordings(dir, s!, 10, 40))).slice(0, recordingCount);
const unrelated = (await pool('unrelated speech runs', Array.from({ length: Math.ceil(unrelatedCount! / 50) }, (_, i) => 10_000 + i), 1, ([s]) => makeRecordings(dir, s!, 50, 20))).slice(0, unrelatedCount);
log(`${originals.length} of ${recordingCount} recordings, ${unrelated.length} of ${unrelatedCount} unrelated generated`);
const originalFp = await fingerprints('recordings', originals);
// A piece that is mostly pause has no fingerprint, as in triage; it is left out and counted.
const unrelatedAll = await fingerprints('unrelated', unrelated);
const unrelatedFp = unrelatedAll.filter(audioUsable);
const noFingerprint = unrelatedAll.length - unrelatedFp.length;
const recordingsWithoutFingerprint = originalFp.filter((f) => !audioUsable(f)).length;
log(`without a fingerprint: ${recordingsWithoutFingerprint} recordings (their copies count as not found), ${noFingerprint} unrelated (left out)`);
// The batch path must give what the production path gives.
for (const k of [0, 1]) {
  const one = await audioFromFile(originals[k]!);
  if (one.items.length !== originalFp[k]!.length || one.items.some((v, i) => v !== originalFp[k]![i])) throw new Error('batch fingerprints differ from audioFromFile');
}

const pcmCache = new Map<string, Awaited<ReturnType<typeof readWav>>>();
const pcm = async (p: string) => pcmCache.get(p) ?? (pcmCache.set(p, await readWav(p)), pcmCache.get(p)!);
const r = rng(24);
const starts10 = originals.map(() => 2 + r() * 26);
const starts30 = originals.map(() => 1 + r() * 8);
const edits: Record<string, (i: number, p: string) => Promise<string>> = {
  'volume+6dB': async (i, p) => writeWav(join(dir, `up-${i}.wav`), withGain(await pcm(p), 6)),
  'volume-6dB': async (i, p) => writeWav(join(dir, `down-${i}.wav`), withGain(await pcm(p), -6)),
  'noise-20dB': async (i, p) => writeWav(join(dir, `noise-${i}.wav`), withNoise(await pcm(p), 20, i)),
  'excerpt-10s': async (i, p) => writeWav(join(dir, `ex10-${i}.wav`), excerpt(await pcm(p), starts10[i]!, 10)),
  'excerpt-30s': async (i, p) => writeWav(join(dir, `ex30-${i}.wav`), excerpt(await pcm(p), starts30[i]!, 30)),
};
const codecs: Reencoding[] = lookupOnly ? ['mp3-64'] : ['mp3-64', 'mp3-128', 'aac', 'opus', 'resample-8k', 'video'];
if (lookupOnly) for (const name of Object.keys(edits)) if (!name.startsWith('excerpt-')) delete edits[name];
const variants = new Map<string, Uint32Array[]>();
for (const kind of codecs) variants.set(kind, await fingerprints(kind, await pool(`${kind} made`, originals, 10, (c) => reencodeMany(c, kind, dir))));
for (const [name, edit] of Object.entries(edits)) {
  // The edit is computed here; its fingerprints are taken by the pool while the next ones are computed.
  variants.set(name, await pool(`${name} made and fingerprinted`, originals.map((p, i) => [i, p] as const), 10, async (c) => fingerprintMany(await Promise.all(c.map(([i, p]) => edit(i, p))), dir)));
}
pcmCache.clear();
// A copy without a usable fingerprint is refused in triage: it counts as not found, and is counted here.
const copiesWithoutFingerprint = Object.fromEntries([...variants].map(([name, fps]) => [name, fps.filter((f) => !audioUsable(f)).length]));
log(`copies made and fingerprinted; without a fingerprint: ${JSON.stringify(copiesWithoutFingerprint)}`);

const found: Record<string, number> = {};
const falseMatches: Record<string, number> = {};
const trueBer: Record<string, number> = {};
const offsetError: Record<string, number> = {};
let calibration: Record<string, number> | null = null;
if (!lookupOnly) {
// Reach and false matches: every copy against the generated recordings and the unrelated ones.
const index = new InvertedAudioIndex({ minItems: AUDIO_MIN_ITEMS });
originalFp.forEach((f, i) => { if (audioUsable(f)) index.add(`o${i}`, 'g', f); });
unrelatedFp.forEach((f, i) => index.add(`u${i}`, 'g', f));
for (const [name, fps] of variants) {
  let hit = 0;
  let wrong = 0;
  let worst = 0;
  let offErr = 0;
  for (let i = 0; i < fps.length; i++) {
    const q = fps[i]!;
    if (!audioUsable(q)) continue;
    const hits = await index.search(q, maxBer!);
    const own = hits.find((h) => h.id === `o${i}`);
    const start = name === 'excerpt-10s' ? starts10[i]! : name === 'excerpt-30s' ? starts30[i]! : 0;
    if (own) {
      const err = Math.abs(own.offsetItems * CHROMAPRINT_ITEM_SECONDS - start);
      offErr = Math.max(offErr, err);
      if (err <= 0.5) hit++;
      worst = Math.max(worst, own.ber);
    }
    wrong += hits.filter((h) => h.id !== `o${i}`).length;
  }
  found[name] = round(hit / fps.length, 4);
  falseMatches[name] = wrong;
  trueBer[name] = round(worst, 4);
  offsetError[name] = round(offErr, 3);
}
log(`found ${JSON.stringify(found)}`);

// Calibration: brute-force alignment of unrelated pairs (short excerpts have the fewest bits, so the widest spread).
const calib = (queries: Uint32Array[]) => {
  const bers: number[] = [];
  for (const q of queries) {
    let best = 1;
    for (const u of unrelatedFp) { const a = bestAlignment(q, u, AUDIO_MIN_ITEMS); if (a && a.ber < best) best = a.ber; }
    bers.push(best);
  }
  return bers.sort((a, b) => a - b);
};
const calibCount = quick ? 20 : 100;
const unrelatedExcerpt = calib(variants.get('excerpt-10s')!.slice(0, calibCount));
const unrelatedWhole = calib(variants.get('mp3-64')!.slice(0, Math.ceil(calibCount / 2)));
calibration = {
  pairs: unrelatedExcerpt.length * unrelatedFp.length + unrelatedWhole.length * unrelatedFp.length,
  lowestUnrelatedBer10s: round(unrelatedExcerpt[0]!, 4),
  p1UnrelatedBer10s: round(percentile(unrelatedExcerpt, 0.01), 4),
  lowestUnrelatedBerWhole: round(unrelatedWhole[0]!, 4),
  highestTrueBer: round(Math.max(...Object.values(trueBer)), 4),
};
log(`calibration ${JSON.stringify(calibration)}`);

}

// Lookup time at larger sizes: spliced fingerprints fill the index; the copies must still be found.
const lookup: Record<string, unknown> = {};
const spliced = (seed: number, length: number): Uint32Array => {
  const g = rng(seed);
  const out = new Uint32Array(length);
  for (let p = 0; p < length; p += 8) {
    const src = unrelatedFp[Math.floor(g() * unrelatedFp.length)]!;
    const at = Math.floor(g() * Math.max(1, src.length - 8));
    out.set(src.subarray(at, Math.min(at + 8, at + length - p)), p);
  }
  return out;
};
const queryKinds = ['excerpt-10s', 'excerpt-30s', 'mp3-64'];
const queries = queryKinds.flatMap((kind) => variants.get(kind)!.map((q, i) => ({ q, own: `o${i}` }))).filter(({ q }) => audioUsable(q)); // the others are counted above
// Lookups on other queries first, untimed, so that compiling the code is not counted as lookup time.
const warmUp = Array.from({ length: 40 }, (_, i) => spliced(1e9 + i, 80 + (i % 4) * 80));
// Baseline: every key of the query votes (no window, no voter or posting bound), as before the bound.
const modes = { bounded: {}, everyKeyVotes: { window: Infinity, voters: Infinity, postingBudget: Infinity } };
for (const size of sizes) {
  const atSize: Record<string, unknown> = {};
  for (const [mode, options] of Object.entries(modes)) {
    gc();
    const rss0 = rssMb();
    const big = new InvertedAudioIndex({ minItems: AUDIO_MIN_ITEMS, ...options });
    originalFp.forEach((f, i) => { if (audioUsable(f)) big.add(`o${i}`, 'g', f); });
    for (let i = originalFp.length; i < size; i++) big.add(`s${i}`, 'g', spliced(i, 240));
    for (const q of warmUp) await big.search(q, maxBer!);
    gc();
    const latencies: number[] = [];
    const cpuTimes: number[] = [];
    let hit = 0;
    let wrong = 0;
    const cpu0 = cpuMs();
    for (let k = 0; k < queries.length; k++) {
      const t = now();
      const c = cpuMs();
      const { q, own } = queries[k]!;
      const hits = await big.search(q, maxBer!);
      cpuTimes.push(cpuMs() - c);
      latencies.push(now() - t);
      if (hits.some((h) => h.id === own)) hit++;
      wrong += hits.filter((h) => h.id !== own).length;
    }
    atSize[mode] = { ...summary(latencies), cpuMsPerQuery: round((cpuMs() - cpu0) / queries.length), cpu: summary(cpuTimes), found: round(hit / queries.length, 4), falseMatches: wrong, indexMb: rssMb() - rss0, load1: round(loadavg()[0]!, 2) };
    log(`lookup at ${size}, ${mode}: ${JSON.stringify(atSize[mode])}`);
  }
  lookup[String(size)] = atSize;
}

const goals = {
  found95: lookupOnly ? null : Object.values(found).every((f) => f >= 0.95),
  noFalseMatches: lookupOnly ? null : Object.values(falseMatches).every((f) => f === 0),
  lookup50msAt100k: sizes.includes(100_000) ? (lookup['100000'] as { bounded: { p99: number } }).bounded.p99 <= 50 : null,
};
console.log(JSON.stringify({
  bench: 'audio-reach', quick, lookupOnly, load: loadavg().map((l) => round(l, 2)), queries: queries.length, workers, recordings: originals.length, recordingsAsked: recordingCount, recordingsWithoutFingerprint, unrelated: unrelatedFp.length, unrelatedAsked: unrelatedCount, unrelatedWithoutFingerprint: noFingerprint, copiesWithoutFingerprint, maxBer, minItems: AUDIO_MIN_ITEMS,
  found, falseMatches, worstTrueBer: trueBer, worstOffsetErrorSeconds: offsetError, calibration, lookup, goals, seconds: Math.round((now() - t0) / 1000),
}));
