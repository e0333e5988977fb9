// Audit log benchmark: append throughput (in memory and on SQLite), inclusion-proof latency from
// stored subtree hashes against recomputing the root from every leaf (the baseline, measured in
// the same run), standalone export verification, and statistics from counters against today's
// full scan of the log (bench/lib/statistics-scale.ts).
// `npm run bench -- audit [--quick] [--statistics-only] [--statistics-entries=N]`; the last line is one
// JSON object. --statistics-only skips the append, proof and export parts; --statistics-entries sets
// how many synthetic entries the statistics part writes (default 200,000, quick 8,000).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../src/audit/audit-log.ts';
import type { AuditStore } from '../src/audit/audit-store.ts';
import { exportLog } from '../src/audit/export-format.ts';
import { MemoryAuditStore } from '../src/testing/memory-audit-store.ts';
import { MemoryTree } from '../src/audit/merkle-tree.ts';
import { generateSignerKey, parseSignerKey } from '../src/audit/signed-note.ts';
import { syntheticWorkload } from '../src/testing/synthetic-workload.ts';
import { verifyExportLines } from '../src/audit/verify-export.ts';
import { openStore } from '../src/store/kysely/kysely-store.ts';
import { now, round, summary } from './bench-util.ts';
import { statisticsAtScale } from './lib/statistics-scale.ts';

const quick = process.argv.includes('--quick');
const statisticsOnly = process.argv.includes('--statistics-only');
const statisticsEntries = Number(process.argv.find((a) => a.startsWith('--statistics-entries='))?.split('=')[1] ?? (quick ? 8_000 : 200_000));
const N = quick ? 5_000 : 50_000;
// Every SQLite append is its own durable transaction (WAL, synchronous=FULL), so fewer of them.
const SQLITE_N = quick ? 2_000 : 10_000;
const PROOFS = quick ? 200 : 500;
const signer = parseSignerKey(generateSignerKey('bench/log'));
const entries = syntheticWorkload(N, 3);
const results: Record<string, unknown> = {};

async function fill(store: AuditStore, label: string, n: number): Promise<AuditLog> {
  const log = new AuditLog({ store, signer });
  const lat: number[] = [];
  const t = now();
  for (const e of entries.slice(0, n)) {
    const t0 = now();
    await log.append(e);
    lat.push(now() - t0);
  }
  const s = (now() - t) / 1000;
  results[`append_${label}`] = { entries: n, seconds: round(s, 2), per_second: Math.round(n / s), ms: summary(lat) };
  console.log(`# append ${label}: ${n} entries in ${round(s, 2)} s`);
  return log;
}

async function proofs(log: AuditLog, label: string, n: number, leaves?: Buffer[]): Promise<void> {
  const lat: number[] = [];
  for (let k = 0; k < PROOFS; k++) {
    const i = (k * 7919) % n;
    const t = now();
    await log.inclusion(i, n);
    lat.push(now() - t);
  }
  const stored = summary(lat);
  const out: Record<string, unknown> = { n, ...stored };
  if (leaves) {
    // Baseline: rebuild the whole tree from the leaf hashes for one root, as a log without stored nodes must.
    const base: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = now();
      const tree = new MemoryTree();
      for (const h of leaves) tree.append(h);
      tree.root();
      base.push(now() - t);
    }
    const b = summary(base);
    out.baseline_full_rebuild_ms_p50 = b.p50;
    out.speedup_p50 = round(b.p50 / stored.p50, 1);
  }
  results[`inclusion_proof_ms_${label}`] = out;
  console.log(`# inclusion proof ${label}: p50 ${stored.p50} ms`);
}

if (!statisticsOnly) await logBench();
results.statistics = await statisticsAtScale(signer, statisticsEntries, quick ? 1_000_000 : 10_000_000);
console.log(JSON.stringify({ bench: 'audit', quick, statistics_only: statisticsOnly, entries: N, load_note: 'timed on a shared 2-core machine under load', loadavg_end: loadavg().map((x) => round(x, 2)), results }));

async function logBench(): Promise<void> {
  const memStore = new MemoryAuditStore();
  const memLog = await fill(memStore, 'memory', N);
  const leafHashes = (await memStore.readLeaves(0, N)).map((l) => l.leafHash);
  await proofs(memLog, 'memory', N, leafHashes);

  const dir = mkdtempSync(join(tmpdir(), 'abg-audit-bench-'));
  try {
    const store = await openStore({ dialect: 'sqlite', file: join(dir, 'bench.db') });
    const sqliteLog = await fill(store.audit, 'sqlite', SQLITE_N);
    await proofs(sqliteLog, 'sqlite', SQLITE_N);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const lines: string[] = [];
  for await (const l of exportLog(memLog)) lines.push(l);
  const t = now();
  const report = await verifyExportLines(lines, { publicKey: memLog.publicKey });
  const s = (now() - t) / 1000;
  if (!report.ok) throw new Error(`export did not verify: ${JSON.stringify(report.problems[0])}`);
  results.verify_export = { entries: N, seconds: round(s, 2), per_second: Math.round(N / s), bytes: lines.reduce((a, l) => a + l.length + 1, 0) };
  console.log(`# verify export: ${N} entries in ${round(s, 2)} s`);

  // Sanity: the stored-node root equals a full rebuild.
  const check = new MemoryTree();
  for (const h of leafHashes) check.append(h);
  if (!check.root().equals((await memLog.root()).rootHash)) throw new Error('root mismatch');
}
