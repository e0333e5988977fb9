// Two `abgleich serve` replicas on one PostgreSQL database behind nginx (docs/deployment.md), with
// the installed face models on LFW photos: a write on one is found on the other, an erasure on one
// is honoured by the other, concurrent appends from both stay one verifiable log, checkpoints are
// issued once per log size across replicas, a replica that loses the database answers a coded 503
// and recovers by itself, and one killed during enrollments leaves each sample with its log entry
// or nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { verifyExportLines } from '../audit/verify-export.ts';
import { defaultModelId } from '../signals/face/models.ts';
import { form, people, photo } from '../../web/e2e/cast.ts';
import { lfwAbsent } from '../testing/face-test-data.ts';
import { pgSkipReason, pgTestDatabase } from '../testing/pg-harness.ts';
import { startRelay, startReplicaCluster, type Relay, type ReplicaCluster } from '../testing/replica-cluster.ts';

const P = 'criminal-investigation';
const skip = pgSkipReason() || lfwAbsent;
type Answer = { status: number; json: any; retryAfter: string | null };

describe('two replicas on one PostgreSQL database behind nginx', { skip, timeout: 8 * 60_000 }, () => {
  let db: { url: string; drop(): Promise<void> };
  let relay: Relay;
  let cluster: ReplicaCluster;
  let op = '', auditor = '';
  const url = (i: number) => cluster.replicas[i]!.url;

  async function api(base: string, token: string, method: string, path: string, body?: unknown): Promise<Answer> {
    const multipart = body instanceof FormData;
    const r = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body && !multipart ? { 'content-type': 'application/json' } : {}) },
      body: multipart ? body : body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    let json: unknown = text;
    try { json = JSON.parse(text); } catch { /* JSON lines or plain text */ }
    return { status: r.status, json, retryAfter: r.headers.get('retry-after') };
  }
  async function ok(base: string, token: string, method: string, path: string, body?: unknown) {
    const r = await api(base, token, method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${base}${path}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }
  const newGallery = async (name: string) => (await ok(url(0), cluster.adminToken, 'POST', '/v1/galleries', { name, kind: 'face', legalBasis: 'Police act s. 42', purposes: [P], retentionDays: 3650, modelId: defaultModelId(), thresholdFmr: 1e-3 })).id as string;
  const enroll = (base: string, gallery: string, person: string, n = 0) =>
    api(base, op, 'POST', `/v1/galleries/${gallery}/enrollments`, form({ source: 'custody photo', subjectRef: person }, 'image', photo(person, n)));
  const candidates = async (base: string, gallery: string, person: string) => {
    const r = await ok(base, op, 'POST', '/v1/searches', form({ purpose: P, caseRef: 'R-1', authorisationRef: 'AUTH-1', galleryIds: gallery, mode: 'investigation', topK: '5' }, 'probe', photo(person, 1)));
    return r.galleries[0].candidates as { aboveThreshold: boolean }[];
  };
  async function query<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query<T>(text)).rows;
    } finally {
      await c.end();
    }
  }

  before(async () => {
    db = await pgTestDatabase();
    const direct = new URL(db.url);
    relay = await startRelay({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaRelay = new URL(db.url);
    viaRelay.host = `127.0.0.1:${relay.port}`;
    cluster = await startReplicaCluster(2, viaRelay.toString(), { ABGLEICH_CHECKPOINT_MINUTES: '0.01' });
    const user = async (name: string, roles: string[]) => {
      const id = (await ok(url(0), cluster.adminToken, 'POST', '/v1/users', { name, roles })).id;
      return (await ok(url(1), cluster.adminToken, 'POST', '/v1/tokens', { userId: id, label: name })).token as string;
    };
    op = await user('op', ['operator']);
    auditor = await user('aud', ['auditor']);
  });
  after(async () => {
    await cluster?.stop();
    await relay?.stop();
    await db?.drop();
  });

  test('an enrollment acknowledged by one replica is found by a search on the other, and an erasure on one is honoured by the other', async () => {
    const gallery = await newGallery('Across replicas');
    assert.deepEqual(await candidates(url(1), gallery, people[0]!), [], 'empty at first (and replica 2 has opened its index)');
    const enrolled = await enroll(url(0), gallery, people[0]!);
    assert.equal(enrolled.json.enrolled, 1, JSON.stringify(enrolled.json));
    const found = await candidates(url(1), gallery, people[0]!);
    assert.equal(found.length, 1, 'the other replica finds the sample at once');
    assert.equal(found[0]!.aboveThreshold, true);
    const subject = (await ok(url(1), op, 'GET', `/v1/galleries/${gallery}/subjects`)).subjects.find((s: { ref: string }) => s.ref === people[0]);
    await ok(url(1), op, 'DELETE', `/v1/subjects/${subject.id}`, { reason: 'erasure request of the data subject' });
    assert.deepEqual(await candidates(url(0), gallery, people[0]!), [], 'the replica that enrolled it no longer returns it');
    assert.deepEqual(await candidates(cluster.proxy.url, gallery, people[0]!), []);
  });

  test('concurrent appends from both replicas and through nginx stay one verifiable log, checkpointed once per size', async () => {
    const gallery = await newGallery('Concurrent');
    const bases = [url(0), url(1), cluster.proxy.url, url(1), url(0), cluster.proxy.url];
    const answers = await Promise.all(bases.map((b, i) => enroll(b, gallery, people[i % people.length]!, i >= people.length ? 2 : 0)));
    assert.deepEqual(answers.map((a) => a.status), bases.map(() => 200), JSON.stringify(answers.map((a) => a.json)));
    const seqs = (await query<{ seq: string }>('select seq from audit_leaves order by seq')).map((r) => Number(r.seq));
    assert.deepEqual(seqs, seqs.map((_, i) => i), 'one gapless sequence of log positions');
    const enrolments = await query<{ n: string }>(`select count(*) as n from audit_leaves where payload like '%"enrollment"%' and payload like '%${gallery}%'`);
    const acknowledged = answers.filter((a) => a.json.results[0].ok).length;
    assert.ok(acknowledged >= 4, JSON.stringify(answers.map((a) => a.json.results)));
    assert.equal(Number(enrolments[0]!.n), acknowledged, 'each acknowledged enrollment is in the log once');
    const exported = await api(url(1), auditor, 'GET', '/v1/log/export');
    assert.equal(exported.status, 200);
    const lines = String(exported.json).trim().split('\n');
    const publicKey = (await api(url(0), '', 'GET', '/v1/log/public-key')).json.publicKey as string;
    const report = await verifyExportLines(lines, { publicKey });
    assert.deepEqual(report.problems, []);
    assert.ok(report.entries >= seqs.length, `${report.entries} entries verified of ${seqs.length}`);
    // Both replicas run the checkpoint job every 0.6 s; each log size is checkpointed once.
    const size = (await query<{ n: string }>('select count(*) as n from audit_leaves'))[0]!.n;
    for (let i = 0; i < 100; i++) {
      const [cp] = await query<{ size: string }>('select max(size) as size from audit_checkpoints');
      if (cp && Number(cp.size) >= Number(size)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const dup = await query<{ size: string; n: string }>('select size, count(*) as n from audit_checkpoints group by size having count(*) > 1');
    assert.deepEqual(dup, [], 'no log size checkpointed twice');
    assert.ok(Number((await query<{ n: string }>('select count(*) as n from audit_checkpoints'))[0]!.n) >= 1);
  });

  test('a replica that loses the database answers ABG_ERR_STORE_UNAVAILABLE (503, Retry-After) and recovers by itself', async () => {
    await relay.cut();
    try {
      for (const i of [0, 1]) {
        const r = await api(url(i), op, 'GET', '/v1/galleries');
        assert.equal(r.status, 503, JSON.stringify(r.json));
        assert.equal(r.json.error.code, 'ABG_ERR_STORE_UNAVAILABLE');
        assert.equal(r.retryAfter, '1');
      }
      const enrollWhileDown = await enroll(cluster.proxy.url, 'any-gallery', people[0]!);
      assert.equal(enrollWhileDown.status, 503, 'through nginx as well');
    } finally {
      await relay.restore();
    }
    for (const i of [0, 1]) {
      let r: Answer | undefined;
      for (let t = 0; t < 100; t++) {
        r = await api(url(i), op, 'GET', '/v1/galleries');
        if (r.status === 200) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      assert.equal(r!.status, 200, `replica ${i + 1} recovered without a restart: ${JSON.stringify(r!.json)}`);
    }
  });

  test('a replica killed (SIGKILL) during enrollments leaves each sample with its log entry, or neither; restarted, it serves on', async () => {
    const gallery = await newGallery('Killed');
    const batch = new FormData();
    batch.set('source', 'custody photo');
    batch.set('manifest', JSON.stringify(Object.fromEntries(people.flatMap((p) => [0, 1].map((n) => [photo(p, n).name, { subjectRef: p }])))));
    for (const p of people) for (const n of [0, 1]) { const f = photo(p, n); batch.append('image', new Blob([new Uint8Array(f.buffer)], { type: f.mimeType }), f.name); }
    const pending = api(url(1), op, 'POST', `/v1/galleries/${gallery}/enrollments`, batch).catch(() => undefined);
    // Kill once the first samples of the batch are committed, while the rest are in flight.
    for (let t = 0; t < 300; t++) {
      const [row] = await query<{ n: string }>(`select count(*) as n from samples where gallery_id = '${gallery}'`);
      if (Number(row!.n) >= 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await cluster.replicas[1]!.kill();
    await pending;
    const samples = new Set((await query<{ id: string }>(`select id from samples where gallery_id = '${gallery}'`)).map((r) => r.id));
    const logged = new Set<string>();
    for (const r of await query<{ payload: string }>(`select payload from audit_leaves where payload like '%"enrollment"%'`)) {
      const e = JSON.parse(r.payload) as { action: string; galleries?: string[]; result?: { ids?: string[] } };
      if (e.action === 'enrollment' && e.galleries?.includes(gallery)) for (const id of e.result?.ids ?? []) logged.add(id);
    }
    assert.ok(samples.size >= 2 && samples.size < people.length * 2, `killed mid-batch: ${samples.size} samples`);
    assert.deepEqual([...samples].sort(), [...logged].sort(), 'every stored sample has its log entry and every logged sample is stored');
    const again = await cluster.restart(1);
    const found = await candidates(again.url, gallery, people[0]!);
    assert.ok(found.length >= 1 && found.length <= samples.size, 'the restarted replica serves searches over what was committed');
  });
});
