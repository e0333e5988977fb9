// Fuzzes the ANSI/NIST-ITL and ISO/IEC 19794-5 readers with mutations of the NIST reference files
// (or, without ../shared/data, of synthetic transactions): cases, crashes (uncoded errors), the
// largest resident memory and the time. `--quick` runs 10^4 cases instead of 10^5.
import { existsSync, readFileSync } from 'node:fs';
import { ansiNist, ansiNistAbsent, gradientJpeg, gradientPng, isoFace, syntheticTransaction } from '../src/testing/exchange-test-data.ts';
import { fuzzExchange } from '../src/testing/exchange-fuzz.ts';
import { writeIsoFaceRecords } from '../src/interop/iso-19794-5.ts';
import { gc, rssMb } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const cases = quick ? 10_000 : 100_000;
const png = await gradientPng(32, 40);
const seeds: Uint8Array[] = [
  syntheticTransaction([{ png, width: 32, height: 40, points: [{ type: 1, code: '12.1', x: 9, y: 14 }], type2: [{ tag: '2.018', value: 'DOE, JANE' }] }, { png, width: 32, height: 40 }]),
  writeIsoFaceRecords([isoFace(await gradientJpeg(32, 40), 32, 40, 0, [{ type: 1, code: '12.1', x: 9, y: 14 }])]),
];
if (!ansiNistAbsent) {
  for (const f of ['nbis/face_jpb.an2', 'nbis/face_jp2.an2', 'nbis/a010_14.an2', 'face01.iso2005']) if (existsSync(`${ansiNist}${f}`)) seeds.push(new Uint8Array(readFileSync(`${ansiNist}${f}`)));
}
gc();
const before = rssMb();
let maxRss = before;
const started = performance.now();
const total = { cases: 0, read: 0, refused: 0, crashes: 0, codes: {} as Record<string, number>, firstCrash: undefined as string | undefined };
for (let batch = 0; total.cases < cases; batch++) {
  const r = fuzzExchange(seeds, Math.min(5000, cases - total.cases), 1000 + batch);
  total.cases += r.cases; total.read += r.read; total.refused += r.refused; total.crashes += r.crashes;
  for (const [k, v] of Object.entries(r.codes)) total.codes[k] = (total.codes[k] ?? 0) + v;
  total.firstCrash ??= r.firstCrash;
  maxRss = Math.max(maxRss, rssMb());
}
const seconds = Math.round((performance.now() - started) / 10) / 100;
console.log(`seeds ${seeds.length} (${ansiNistAbsent || 'NIST reference files included'}); codes ${JSON.stringify(total.codes)}`);
console.log(JSON.stringify({ bench: 'exchange-fuzz', quick, seeds: seeds.length, cases: total.cases, read: total.read, refused: total.refused, crashes: total.crashes, firstCrash: total.firstCrash ?? null, rssStartMb: before, maxRssMb: maxRss, seconds }));
