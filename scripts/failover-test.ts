// Failover under load (docs/deployment.md): a PostgreSQL primary with a streaming standby that it
// commits to synchronously, two `abgleich serve` replicas behind nginx on the multi-host URL
// (target_session_attrs=read-write), enrollments of LFW photos through the proxy; the primary is
// killed, the standby promoted, and the replicas carry on without a restart. Every acknowledged
// enrollment must be on the new primary with its log entry, and the log must verify. Prints one
// JSON line; exits 1 when anything acknowledged was lost or the run exceeds its time bound.
// Usage: node --import tsx scripts/failover-test.ts [--quick]
import { execFileSync } from 'node:child_process';
import { chownSync, chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { verifyExportLines } from '../src/audit/verify-export.ts';
import { defaultModelId } from '../src/signals/face/models.ts';
import { lfw, lfwAbsent } from '../src/testing/face-test-data.ts';
import { freePort, startReplicaCluster, type ReplicaCluster } from '../src/testing/replica-cluster.ts';

const quick = process.argv.includes('--quick');
const LOAD_BEFORE_MS = quick ? 10_000 : 20_000;
const LOAD_AFTER_MS = quick ? 15_000 : 30_000;
const BOUND_MS = 5 * 60_000;
const WORKERS = 3;

const bindir = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)).map((v) => `/usr/lib/postgresql/${v}/bin`).at(-1)!;
const root = process.getuid?.() === 0;
const asPg = (cmd: string, args: string[]) => execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const pgBin = (name: string, args: string[]) => asPg(join(bindir, name), args);

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

async function main(): Promise<Record<string, unknown>> {
  if (lfwAbsent) return { skipped: lfwAbsent };
  const dir = mkdtempSync(join(tmpdir(), 'abg-failover-'));
  chmodSync(dir, 0o755);
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
  const [p1, p2] = [await freePort(), await freePort()];
  const primaryDir = join(dir, 'primary');
  const standbyDir = join(dir, 'standby');
  const start = (data: string, port: number, extra: string) =>
    pgBin('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${extra}`, 'start']);
  let cluster: ReplicaCluster | undefined;
  try {
    pgBin('initdb', ['-D', primaryDir, '-U', 'abgleich', '--auth=trust', '-E', 'UTF8']);
    // Synchronous commit to the standby: an acknowledged commit is on both servers.
    start(primaryDir, p1, "-c wal_level=replica -c max_wal_senders=4 -c synchronous_commit=on -c synchronous_standby_names=standby1");
    pgBin('pg_basebackup', ['-h', '127.0.0.1', '-p', String(p1), '-U', 'abgleich', '-D', standbyDir, '-R', '-X', 'stream']);
    appendFileSync(join(standbyDir, 'postgresql.auto.conf'), `primary_conninfo = 'host=127.0.0.1 port=${p1} user=abgleich application_name=standby1'\n`);
    start(standbyDir, p2, '');
    const admin = `postgres://abgleich@127.0.0.1:${p1}/postgres`;
    for (let i = 0; ; i++) {
      const rows = await sql<{ sync_state: string }>(admin, "select sync_state from pg_stat_replication where application_name = 'standby1'");
      if (rows[0]?.sync_state === 'sync') break;
      if (i > 100) throw new Error('the standby never became synchronous');
      await new Promise((r) => setTimeout(r, 100));
    }
    await sql(admin, 'create database abgleich');
    const url = `postgres://abgleich@127.0.0.1:${p1},127.0.0.1:${p2}/abgleich?target_session_attrs=read-write`;
    cluster = await startReplicaCluster(2, url);
    const token = cluster.adminToken;
    const api = async (path: string, init: RequestInit = {}) => fetch(cluster!.proxy.url + path, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    const gallery = (await (await api('/v1/galleries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Failover', kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId: defaultModelId(), thresholdFmr: 1e-3 }) })).json() as { id: string }).id;
    const json = { 'content-type': 'application/json' };
    const auditorId = ((await (await api('/v1/users', { method: 'POST', headers: json, body: JSON.stringify({ name: 'aud', roles: ['auditor'] }) })).json()) as { id: string }).id;
    const auditor = ((await (await api('/v1/tokens', { method: 'POST', headers: json, body: JSON.stringify({ userId: auditorId, label: 'aud' }) })).json()) as { token: string }).token;
    const photos = readdirSync(lfw).filter((p) => !p.includes('.')).sort().slice(0, 400).map((p) => ({ ref: p, file: join(lfw, p, `${p}_0001.jpg`) }));

    // Every replica loads its face models before the clock starts.
    for (const [i, r] of cluster.replicas.entries()) {
      const form = new FormData();
      form.set('source', 'warm-up');
      form.set('subjectRef', `warm-${i}`);
      form.append('image', new Blob([readFileSync(photos[photos.length - 1 - i]!.file)], { type: 'image/jpeg' }), 'warm.jpg');
      await fetch(`${r.url}/v1/galleries/${gallery}/enrollments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    }
    const t0 = Date.now();
    const acked = new Set<string>();
    const attempts: { at: number; end: number; status: number }[] = [];
    let stop = false;
    let next = 0;
    const worker = async () => {
      while (!stop) {
        const p = photos[next++ % photos.length]!;
        const form = new FormData();
        form.set('source', 'failover');
        form.set('subjectRef', `${p.ref}-${next}`);
        form.append('image', new Blob([readFileSync(p.file)], { type: 'image/jpeg' }), `${p.ref}.jpg`);
        const at = Date.now() - t0;
        let status = 0;
        try {
          const r = await api(`/v1/galleries/${gallery}/enrollments`, { method: 'POST', body: form });
          status = r.status;
          const json = (await r.json()) as { results?: { ok: boolean; sampleId?: string }[] };
          if (r.status === 200) for (const x of json.results ?? []) if (x.ok && x.sampleId) acked.add(x.sampleId);
        } catch {
          status = 0;
        }
        attempts.push({ at, end: Date.now() - t0, status });
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, worker));
    await new Promise((r) => setTimeout(r, LOAD_BEFORE_MS));
    const leavesBefore = Number((await sql<{ n: string }>(url.replace(`,127.0.0.1:${p2}`, ''), 'select count(*) as n from audit_leaves'))[0]!.n);
    const ackedBefore = acked.size;
    const killedAt = Date.now() - t0;
    const pid = Number(readFileSync(join(primaryDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    pgBin('pg_ctl', ['-D', standbyDir, '-w', 'promote']);
    const promotedAt = Date.now() - t0;
    await new Promise((r) => setTimeout(r, LOAD_AFTER_MS));
    stop = true;
    await load;

    const newPrimary = `postgres://abgleich@127.0.0.1:${p2}/abgleich`;
    const present = new Set((await sql<{ id: string }>(newPrimary, `select id from samples where gallery_id = '${gallery}'`)).map((r) => r.id));
    const logged = new Set<string>();
    for (const r of await sql<{ payload: string }>(newPrimary, `select payload from audit_leaves where payload like '%"enrollment"%'`)) {
      const e = JSON.parse(r.payload) as { action: string; result?: { ids?: string[] } };
      if (e.action === 'enrollment') for (const id of e.result?.ids ?? []) logged.add(id);
    }
    const seqs = (await sql<{ seq: string }>(newPrimary, 'select seq from audit_leaves order by seq')).map((r) => Number(r.seq));
    const exported = await (await api('/v1/log/export', { headers: { authorization: `Bearer ${auditor}` } })).text();
    const publicKey = ((await (await api('/v1/log/public-key')).json()) as { publicKey: string }).publicKey;
    const report = await verifyExportLines(exported.trim().split('\n'), { publicKey });
    const lost = [...acked].filter((id) => !present.has(id) || !logged.has(id));
    const refused = attempts.filter((a) => a.status !== 200 && a.end >= killedAt);
    const firstOkAfter = attempts.filter((a) => a.status === 200 && a.at >= killedAt).sort((a, b) => a.at - b.at)[0];
    const lastRefused = refused.sort((a, b) => b.end - a.end)[0];
    const result = {
      bench: 'failover',
      replicas: 2,
      acknowledged: acked.size,
      acknowledgedBeforeKill: ackedBefore,
      present: [...acked].filter((id) => present.has(id)).length,
      lost: lost.length,
      samplesOnNewPrimary: present.size,
      logEntriesBeforeKill: leavesBefore,
      logEntriesAfter: seqs.length,
      logGapless: seqs.every((s, i) => s === i),
      logVerifies: report.problems.length === 0,
      ...(report.problems.length ? { logProblem: report.problems[0] } : {}),
      requests: attempts.length,
      refusedRequests: refused.length,
      refusedStatuses: [...new Set(refused.map((a) => a.status))],
      killedAtMs: killedAt,
      promoteMs: promotedAt - killedAt,
      refusedWindowMs: lastRefused ? lastRefused.end - killedAt : 0,
      firstSuccessAfterKillMs: firstOkAfter ? firstOkAfter.end - killedAt : null,
      reconnect: 'multi-host URL, target_session_attrs=read-write: each new connection goes to the host that is not in recovery',
    };
    return result;
  } finally {
    await cluster?.stop().catch(() => {});
    for (const d of [standbyDir, primaryDir]) {
      try { pgBin('pg_ctl', ['-D', d, '-m', 'immediate', 'stop']); } catch { /* not running */ }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const bound = setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ bench: 'failover', error: `exceeded ${BOUND_MS / 1000} s` })}\n`);
  process.exit(1);
}, BOUND_MS);
bound.unref();
main().then((r) => {
  process.stdout.write(`${JSON.stringify(r)}\n`);
  const failed = 'lost' in r && (r.lost !== 0 || !r.logGapless || !r.logVerifies || (r.acknowledged as number) <= (r.acknowledgedBeforeKill as number));
  process.exit(failed ? 1 : 0);
}, (e: unknown) => {
  process.stdout.write(`${JSON.stringify({ bench: 'failover', error: String((e as Error)?.stack ?? e) })}\n`);
  process.exit(1);
});
