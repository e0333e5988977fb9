// Replicas on one PostgreSQL database behind nginx (docs/deployment.md): a bounded load of
// searches, enrollments and reads through the proxy with 1, 2 and 3 `abgleich serve` replicas on
// LFW photos: requests/s, p50/p99 per kind, errors, and how long after an enrollment on one replica
// a search on another finds it. Uses ABGLEICH_TEST_PG_URL, else starts a throwaway server.
// `npm run bench -- replicas [--quick] [--replicas=1,2,3]`; the last line is one JSON object.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultModelId } from '../src/signals/face/models.ts';
import { lfw, lfwAbsent } from '../src/testing/face-test-data.ts';
import { startReplicaCluster } from '../src/testing/replica-cluster.ts';
import { listArg, round, summary } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const counts = listArg('replicas', [1, 2, 3]);
const DURATION_MS = quick ? 8_000 : 30_000;
const CLIENTS = 4;
const VISIBILITY_PROBES = quick ? 3 : 10;
const P = 'criminal-investigation';

if (lfwAbsent) {
  console.log(JSON.stringify({ bench: 'replicas', skipped: lfwAbsent }));
  process.exit(0);
}
let stopPg = () => {};
if (!process.env.ABGLEICH_TEST_PG_URL) {
  const script = fileURLToPath(new URL('../scripts/pg-temp.sh', import.meta.url));
  const out = execFileSync(script, ['start'], { encoding: 'utf8' });
  for (const m of out.matchAll(/export (\w+)=(\S+)/g)) process.env[m[1]!] = m[2]!;
  stopPg = () => execFileSync(script, ['stop', process.env.ABGLEICH_PG_DIR!]);
}
const { pgTestDatabase } = await import('../src/testing/pg-harness.ts');

const people = readdirSync(lfw).filter((p) => !p.includes('.')).sort().slice(0, 300);
const image = (p: string) => readFileSync(join(lfw, p, `${p}_0001.jpg`));

async function call(base: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const multipart = body instanceof FormData;
  const r = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, ...(body && !multipart ? { 'content-type': 'application/json' } : {}) }, body: multipart ? body : body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => undefined) };
}
const photoForm = (fields: Record<string, string>, field: string, p: string) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  f.append(field, new Blob([new Uint8Array(image(p))], { type: 'image/jpeg' }), `${p}.jpg`);
  return f;
};

async function run(n: number) {
  const db = await pgTestDatabase();
  // The bench measures capacity, not the per-token rate limit (600 a minute by default, kept per replica).
  const cluster = await startReplicaCluster(n, db.url, { ABGLEICH_RATE_LIMIT: '1000000' });
  try {
    const admin = cluster.adminToken;
    const base = cluster.replicas[0]!.url;
    const opId = (await call(base, admin, 'POST', '/v1/users', { name: 'op', roles: ['operator'] })).json.id;
    const op = (await call(base, admin, 'POST', '/v1/tokens', { userId: opId, label: 'op' })).json.token as string;
    const gallery = (await call(base, admin, 'POST', '/v1/galleries', { name: 'Bench', kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 30, modelId: defaultModelId(), thresholdFmr: 1e-3 })).json.id as string;
    const enroll = (b: string, p: string, ref = p) => call(b, op, 'POST', `/v1/galleries/${gallery}/enrollments`, photoForm({ source: 'bench', subjectRef: ref }, 'image', p));
    const search = (b: string, p: string) => call(b, op, 'POST', '/v1/searches', photoForm({ purpose: P, caseRef: 'B', authorisationRef: 'A', galleryIds: gallery, mode: 'investigation', topK: '5' }, 'probe', p));
    // Warm every replica (models loaded, index open) before measuring.
    for (let i = 0; i < 6; i++) await enroll(base, people[i]!);
    for (const r of cluster.replicas) await search(r.url, people[0]!);

    let next = 6;
    const lat: Record<string, number[]> = { search: [], enroll: [], read: [] };
    const errorsByStatus: Record<string, number> = {};
    const t0 = performance.now();
    const client = async (c: number) => {
      for (let i = 0; performance.now() - t0 < DURATION_MS; i++) {
        const kind = (i + c) % 5 === 0 ? 'enroll' : (i + c) % 5 === 1 ? 'read' : 'search';
        const p = people[next++ % people.length]!;
        const s = performance.now();
        const r = kind === 'enroll' ? await enroll(cluster.proxy.url, p, `${p}-${next}`) : kind === 'search' ? await search(cluster.proxy.url, p) : await call(cluster.proxy.url, op, 'GET', `/v1/galleries/${gallery}/subjects`);
        // Only answered requests count toward latency and rate; a refusal is counted by its status and error code.
        if (r.status === 200) lat[kind]!.push(performance.now() - s);
        else {
          const key = `${r.status} ${r.json?.error?.code ?? ''}`.trim();
          errorsByStatus[key] = (errorsByStatus[key] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const seconds = (performance.now() - t0) / 1000;
    const total = Object.values(lat).reduce((a, l) => a + l.length, 0);

    // Enrollment acknowledged by replica 1, then searched on the others until found.
    const visible: number[] = [];
    if (n > 1) {
      for (let k = 0; k < VISIBILITY_PROBES; k++) {
        const p = people[people.length - 1 - k]!;
        const fresh = (await call(base, admin, 'POST', '/v1/galleries', { name: `Visible ${k}`, kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 30, modelId: defaultModelId(), thresholdFmr: 1e-3 })).json.id as string;
        const r = await call(base, op, 'POST', `/v1/galleries/${fresh}/enrollments`, photoForm({ source: 'bench', subjectRef: p }, 'image', p));
        if (r.json?.enrolled !== 1) continue;
        const acked = performance.now();
        const other = cluster.replicas[1 + (k % (n - 1))]!.url;
        for (let t = 0; t < 50; t++) {
          const s = await call(other, op, 'POST', '/v1/searches', photoForm({ purpose: P, caseRef: 'B', authorisationRef: 'A', galleryIds: fresh, mode: 'investigation', topK: '1' }, 'probe', p));
          if (s.json?.galleries?.[0]?.candidates?.length) {
            visible.push(performance.now() - acked);
            break;
          }
        }
      }
    }
    return {
      replicas: n,
      seconds: round(seconds, 1),
      requests: total,
      requestsPerSecond: round(total / seconds, 2),
      errors: Object.values(errorsByStatus).reduce((a, b) => a + b, 0),
      errorsByStatus,
      searchMs: summary(lat.search!),
      enrollMs: summary(lat.enroll!),
      readMs: summary(lat.read!),
      writeVisibleElsewhereMs: visible.length ? summary(visible) : null,
    };
  } finally {
    await cluster.stop();
    await db.drop();
  }
}

try {
  const rows = [];
  for (const n of counts) {
    const row = await run(n);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  console.log(JSON.stringify({ bench: 'replicas', quick, clients: CLIENTS, durationMs: DURATION_MS, mix: 'search 3/5, enroll 1/5, read 1/5', rows }));
} finally {
  stopPg();
}
