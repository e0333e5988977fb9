// Robustness of a real server process on loopback: hostile files, resource bombs, malformed
// requests, stalled bodies, kill -9 during enrollment, and tampered log exports. Counts per group:
// cases tried, 2xx/4xx/5xx answers, crashes, hangs, the server's peak memory, acknowledged vs
// present enrollments after kill -9, tamper cases detected by `abgleich log verify`.
// `npm run bench -- robustness [--quick]`; the last line is one JSON object.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { hostileArchives, hostileImages, type HostileFile } from './lib/hostile-inputs.ts';
import { multipartBody } from '../src/testing/api-harness.ts';
import { cli, request, sleep, startServer, type Answer, type ServerProcess } from './lib/server-process.ts';

const quick = process.argv.includes('--quick');
const lfw = fileURLToPath(new URL('../../shared/data/lfw/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'abg-robust-'));
// The full run uses the defaults a user gets; --quick shortens the body idle timeout (30 s) so that
// stalled bodies are seen closed within its minute.
const serverEnv: Record<string, string> = quick ? { ABGLEICH_BODY_IDLE_TIMEOUT_MS: '3000' } : {};

interface GroupCount { cases: number; '2xx': number; '4xx': number; '5xx': number; noAnswer: number; noAnswerCases: string[]; crashes: number; hangs: number; peakRssMb: number; codes: Record<string, number> }
const groups = new Map<string, GroupCount>();
let server!: ServerProcess;
let peakMb = 0;
let baselineMb = 0;
let current: GroupCount | undefined;
// The server's resident memory, sampled every 50 ms and charged to the group being sent.
const sampler = setInterval(() => {
  const m = server?.exited() === false ? server.memoryMb() : null;
  if (m && current) current.peakRssMb = Math.max(current.peakRssMb, m.rss);
}, 50);
const progress = (message: string) => process.stderr.write(`robustness: ${message}\n`);

function notePeak(): void {
  const m = server.memoryMb();
  if (m) peakMb = Math.max(peakMb, m.peak);
}

async function restart(): Promise<void> {
  notePeak();
  if (!server.exited()) await server.stop();
  server = await startServer(dir, serverEnv);
}

/** Sends one case, classifies the answer, and restarts the server if it died. */
async function attempt(group: string, send: () => Promise<Answer>, name = ''): Promise<Answer> {
  const g = groups.get(group) ?? { cases: 0, '2xx': 0, '4xx': 0, '5xx': 0, noAnswer: 0, noAnswerCases: [], crashes: 0, hangs: 0, peakRssMb: 0, codes: {} };
  current = g;
  groups.set(group, g);
  g.cases += 1;
  const a = await send();
  if (a.status !== null) {
    const cls = a.status >= 500 ? '5xx' : a.status >= 400 ? '4xx' : '2xx';
    g[cls] += 1;
    const code = /"code":"(ABG_ERR_[A-Z0-9_]+)"/.exec(a.body)?.[1];
    if (code) g.codes[code] = (g.codes[code] ?? 0) + 1;
  } else if (!a.hung) {
    g.noAnswer += 1;
    g.noAnswerCases.push(`${name}: ${a.body.slice(0, 120)}`);
  }
  notePeak();
  const alive = !server.exited() && (await request(`${server.url}/health`, { timeoutMs: 10_000 })).status === 200;
  if (a.hung) g.hangs += 1;
  if (!alive) {
    g.crashes += 1;
    await restart();
  }
  return a;
}

const json = (body: unknown, token: string) => ({ method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function api(method: string, path: string, token: string, body?: unknown): Promise<any> {
  const a = await request(`${server.url}${path}`, body === undefined ? { method, headers: { authorization: `Bearer ${token}` } } : { ...json(body, token), method });
  if (a.status === null || a.status >= 300) throw new Error(`${method} ${path}: ${a.status} ${a.body.slice(0, 300)}`);
  return a.body ? JSON.parse(a.body) : undefined;
}
function upload(path: string, token: string, fields: Record<string, string>, files: HostileFile[], field: string): () => Promise<Answer> {
  const { payload: body, contentType: type } = multipartBody(fields, files.map((f) => ({ field, name: f.name, data: f.data })));
  return () => request(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body, timeoutMs: 60_000 });
}
function raw(path: string, token: string, contentType: string, body: string | Buffer, method = 'POST'): () => Promise<Answer> {
  return () => request(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
}

// --- set-up: host agency, users, galleries -------------------------------------------------
const init = cli(['init', '--data', dir, '--agency', 'Host', '--admin', 'root', '--json']);
if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
const admin = JSON.parse(init.stdout.trim().split('\n').pop()!).token as string;
server = await startServer(dir, serverEnv);
async function userToken(name: string, roles: string[]): Promise<string> {
  const u = await api('POST', '/v1/users', admin, { name, roles });
  return (await api('POST', '/v1/tokens', admin, { userId: u.id, label: name })).token;
}
const operator = await userToken('op', ['operator']);
const auditor = await userToken('aud', ['auditor']);
const models = (await api('GET', '/v1/models', admin)).models as { id: string }[];
const faceGallery = (await api('POST', '/v1/galleries', admin, { name: 'Faces', kind: 'face', legalBasis: 'test', purposes: ['criminal-investigation'], retentionDays: 30, modelId: models[0]!.id })).id as string;
// Investigation mode: the probe is always analysed (identification may refuse before it, at the accuracy gate).
const caseFields = { purpose: 'criminal-investigation', caseRef: 'R-1', authorisationRef: 'AUTH-1', mode: 'investigation', topK: '5' };
baselineMb = server.memoryMb()?.rss ?? 0;

// --- hostile images: as a search probe and as an enrollment ------------------------------------
progress('hostile images as probes and enrollments');
const images = await hostileImages(quick ? 4 : 120);
for (const img of images) {
  await attempt('images', upload('/v1/searches', operator, caseFields, [img], 'probe'));
  await attempt('images', upload(`/v1/galleries/${faceGallery}/enrollments`, operator, { source: 'bench', subjectRef: `H-${img.name}` }, [img], 'image'));
}

// --- archives and bombs through triage --------------------------------------------------------
progress('archives and zip bombs through triage');
for (const zip of hostileArchives(quick ? 2 ** 28 : 2 ** 30)) await attempt('archives', upload('/v1/triage', operator, { caseRef: 'R-1' }, [zip], 'file'));

// --- malformed and oversized requests ---------------------------------------------------------
progress('malformed and oversized requests');
const boundary = '----robust';
const malformed: [string, () => Promise<Answer>][] = [
  ['multipart without boundary', raw('/v1/searches', operator, 'multipart/form-data', `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n`)],
  ['unterminated multipart', raw('/v1/searches', operator, `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="probe"; filename="a.jpg"\r\n\r\nabc`)],
  ['JSON sent as multipart', raw('/v1/searches', operator, `multipart/form-data; boundary=${boundary}`, JSON.stringify(caseFields))],
  ['text/plain to a multipart route', raw('/v1/searches', operator, 'text/plain', 'probe')],
  ['twenty large files for one probe', upload('/v1/searches', operator, caseFields, Array.from({ length: 20 }, (_, i) => ({ name: `p${i}.jpg`, data: Buffer.alloc((quick ? 2 : 29) * 2 ** 20, i) })), 'probe')],
  ['ten thousand fields', () => { const { payload: body, contentType: type } = multipartBody(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, 'x'])), []); return request(`${server.url}/v1/searches`, { method: 'POST', headers: { authorization: `Bearer ${operator}`, 'content-type': type }, body }); }],
  ['invalid JSON', raw('/v1/galleries', admin, 'application/json', '{"name": "x",')],
  ['JSON of the wrong types', raw('/v1/galleries', admin, 'application/json', JSON.stringify({ name: 5, kind: [], purposes: 'x', retentionDays: 'ten' }))],
  ['JSON nested 100,000 deep', raw('/v1/galleries', admin, 'application/json', '['.repeat(100_000) + ']'.repeat(100_000))],
  ['body over the size limit', raw('/v1/galleries', admin, 'application/json', JSON.stringify({ name: 'x'.repeat(3 * 2 ** 20) }))],
  ['invalid percent-encoding in a path', () => request(`${server.url}/v1/galleries/%E0%A4%A`, { headers: { authorization: `Bearer ${admin}` } })],
  ['unknown route', () => request(`${server.url}/v1/nothing-here`, { headers: { authorization: `Bearer ${admin}` } })],
  ['method not allowed', raw('/v1/me', admin, 'application/json', '{}', 'DELETE')],
  ['no token', () => request(`${server.url}/v1/galleries`)],
  ['malformed token', () => request(`${server.url}/v1/galleries`, { headers: { authorization: 'Bearer abg_!!not*a*token!!' } })],
  ['hash list with only malformed rows', () => { const { payload: body, contentType: type } = multipartBody({ name: 'bad', source: 'bench', format: 'csv' }, [{ field: 'file', name: 'bad.csv', data: Buffer.from('md5,category\nzz-not-hex,1\n1234,2\n') }]); return request(`${server.url}/v1/hashsets`, { method: 'POST', headers: { authorization: `Bearer ${operator}`, 'content-type': type }, body }); }],
];
for (const [name, send] of malformed) await attempt('requests', send, name);

// --- stalled bodies: connections that send half a body and stop ---------------------------------
current = undefined;
progress('stalled bodies');
const stalledCount = quick ? 10 : 300;
const waitSeconds = quick ? 8 : 120;
const url = new URL(server.url);
const closedAfter: number[] = [];
let answered408 = 0;
const sockets = Array.from({ length: stalledCount }, () => {
  const s = connect(Number(url.port), url.hostname);
  const t0 = performance.now();
  s.on('error', () => {});
  // Read what the server answers: a paused socket never sees the server's end of the connection.
  s.on('data', (d: Buffer) => { if (/^HTTP\/1\.1 408 /.test(d.toString('latin1'))) answered408 += 1; });
  s.on('close', () => closedAfter.push((performance.now() - t0) / 1000));
  s.write(`POST /v1/searches HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${operator}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${10 * 2 ** 20}\r\n\r\n--${boundary}\r\n`);
  return s;
});
await sleep(1000);
const healthWhileStalled = await request(`${server.url}/health`, { timeoutMs: 10_000 });
for (let waited = 0; waited < waitSeconds && closedAfter.length < stalledCount; waited++) await sleep(1000);
for (const s of sockets) s.destroy();
notePeak();
const stalled = {
  connections: stalledCount, closedByServer: closedAfter.length, answered408, waitedSeconds: waitSeconds,
  medianSecondsToClose: closedAfter.length ? [...closedAfter].sort((a, b) => a - b)[Math.floor(closedAfter.length / 2)]! : null,
  healthAnsweredWhileStalled: healthWhileStalled.status === 200,
};

// --- kill -9 during enrollment: every acknowledged enrollment must be there after restart ---------
progress('kill -9 during enrollment');
const crash = { rounds: 0, acknowledged: 0, present: 0, skipped: '' as string };
const photos = existsSync(lfw) ? readdirSync(lfw).filter((p) => !p.includes('.')).slice(0, 400).map((p) => join(lfw, p, `${p}_0001.jpg`)).filter(existsSync) : [];
if (photos.length === 0) crash.skipped = 'shared data not found: ../shared/data/lfw';
if (quick) crash.skipped = 'full run only';
for (let round = 0; round < 5 && photos.length > 0 && !quick; round++) {
  crash.rounds += 1;
  const acknowledged: string[] = [];
  let next = 0;
  let stop = false;
  const loop = async () => {
    while (!stop) {
      const i = next++ % photos.length;
      const ref = `K${round}-${next}`;
      const a = await upload(`/v1/galleries/${faceGallery}/enrollments`, operator, { source: 'bench', subjectRef: ref }, [{ name: `${ref}.jpg`, data: readFileSync(photos[i]!) }], 'image')();
      if (a.status === 200 && JSON.parse(a.body).enrolled === 1) acknowledged.push(ref);
      if (a.status === null) return;
    }
  };
  const loops = [loop(), loop()];
  for (let waited = 0; acknowledged.length < 2; waited += 100) {
    if (waited > 120_000) throw new Error('no enrollment was acknowledged within two minutes');
    await sleep(100);
  }
  await sleep(1000 + Math.random() * 3000);
  notePeak();
  await server.kill9();
  stop = true;
  await Promise.all(loops);
  server = await startServer(dir, serverEnv);
  const present = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const page = (await api('GET', `/v1/galleries/${faceGallery}/subjects?limit=1000&offset=${offset}`, operator)).subjects as { ref: string }[];
    for (const s of page) present.add(s.ref);
    if (page.length < 1000) break;
  }
  crash.acknowledged += acknowledged.length;
  crash.present += acknowledged.filter((r) => present.has(r)).length;
}

// --- tampered logs: each must fail `abgleich log verify` ----------------------------------------
// In the export file (what an auditor receives) and in the database (what an insider with file
// access can change before an export); the untampered export must verify.
progress('tampered logs');
const kept = await api('GET', '/v1/log/checkpoint', auditor);
writeFileSync(join(dir, 'kept.checkpoint'), kept.note);
for (let i = 0; i < 5; i++) await api('POST', '/v1/galleries', admin, { name: `After checkpoint ${i}`, kind: 'media', legalBasis: 'test', purposes: ['criminal-investigation'], retentionDays: 30 });
await api('GET', '/v1/log/checkpoint', auditor);
const exportLog = async () => (await request(`${server.url}/v1/log/export`, { headers: { authorization: `Bearer ${auditor}` }, timeoutMs: 120_000 })).body;
const exportText = await exportLog();
writeFileSync(join(dir, 'log.pub'), `${(await api('GET', '/v1/log/public-key', auditor)).publicKey}\n`);
const lines = exportText.trim().split('\n');
const parsed = lines.map((l) => JSON.parse(l));
const entryLine = (k: number) => parsed.findIndex((o) => o.type === 'entry' && o.index === k);
const size = parsed.filter((o) => o.type === 'entry').length;
const edit = (i: number, f: (o: any) => any) => lines.map((l, j) => (j === i ? JSON.stringify(f(parsed[j])) : l));
const flipSignature = (note: string) => note.replace(/(\n\u2014 \S+ )(\S+)\n/, (_, head: string, sig: string) => {
  const b = Buffer.from(sig, 'base64');
  b[b.length - 1]! ^= 1;
  return `${head}${b.toString('base64')}\n`;
});
const cut = (keep: number) => lines.filter((_, j) => !(parsed[j].type === 'entry' && parsed[j].index >= keep) && !(parsed[j].type === 'checkpoint' && parsed[j].size > keep))
  .map((l, j) => (j === 0 ? JSON.stringify({ ...parsed[0], size: keep }) : l));
const fileTampers: [string, string[], boolean][] = [
  ['entry field changed', edit(entryLine(3), (o) => ({ ...o, entry: { ...o.entry, action: 'login' } })), false],
  ['entry removed', lines.filter((_, j) => j !== entryLine(4)), false],
  ['two entries swapped', lines.map((l, j) => (j === entryLine(5) ? lines[entryLine(6)]! : j === entryLine(6) ? lines[entryLine(5)]! : l)), false],
  ['entry inserted twice', lines.flatMap((l, j) => (j === entryLine(7) ? [l, l] : [l])), false],
  ['recent payload removed', edit(entryLine(size - 1), (o) => ({ ...o, entry: null })), false],
  ['checkpoint signature altered', lines.map((l, j) => (parsed[j].type === 'checkpoint' ? JSON.stringify({ ...parsed[j], note: flipSignature(parsed[j].note) }) : l)), false],
  ['tail cut, checked against a kept checkpoint', cut(kept.size - 2), true],
];
const tamper = { cases: 0, detected: 0, missed: [] as string[], untampered: '' };
const verify = (text: string, withKept: boolean) => {
  writeFileSync(join(dir, 'log.jsonl'), text);
  return cli(['log', 'verify', join(dir, 'log.jsonl'), '--public-key', join(dir, 'log.pub'), ...(withKept ? ['--checkpoint', join(dir, 'kept.checkpoint')] : [])]).status;
};
const record = (name: string, status: number | null) => {
  tamper.cases += 1;
  if (status !== 0) tamper.detected += 1;
  else tamper.missed.push(name);
};
tamper.untampered = verify(exportText, true) === 0 ? 'verifies' : 'FAILS';
for (const [name, text, withKept] of quick ? fileTampers.slice(0, 2) : fileTampers) record(name, verify(text.join('\n') + '\n', withKept));
const dbTampers: [string, string][] = [
  ['recent payload set to NULL in the database', `UPDATE audit_leaves SET payload = NULL WHERE seq = (SELECT MAX(seq) FROM audit_leaves)`],
  ['tail cut in the database', `DELETE FROM audit_leaves WHERE seq >= (SELECT MAX(seq) - 2 FROM audit_leaves)`],
];
for (const [name, statement] of quick ? dbTampers.slice(1) : dbTampers) {
  await server.stop();
  const db = new Database(join(dir, 'abgleich.db'));
  db.exec(statement);
  db.close();
  server = await startServer(dir, serverEnv);
  record(name, verify(await exportLog(), false));
}

clearInterval(sampler);
notePeak();
await server.stop();
rmSync(dir, { recursive: true, force: true });

const rows = [...groups].map(([group, g]) => ({ group, ...g }));
const total = rows.reduce((t, r) => ({ cases: t.cases + r.cases, s5: t.s5 + r['5xx'], crashes: t.crashes + r.crashes, hangs: t.hangs + r.hangs }), { cases: 0, s5: 0, crashes: 0, hangs: 0 });
console.log('group      cases  2xx  4xx  5xx  no-answer  crashes  hangs  peak RSS  codes');
for (const r of rows) console.log(`${r.group.padEnd(10)} ${String(r.cases).padStart(5)} ${String(r['2xx']).padStart(4)} ${String(r['4xx']).padStart(4)} ${String(r['5xx']).padStart(4)} ${String(r.noAnswer).padStart(10)} ${String(r.crashes).padStart(8)} ${String(r.hangs).padStart(6)} ${String(r.peakRssMb).padStart(6)} MB  ${Object.entries(r.codes).map(([c, n]) => `${c.replace('ABG_ERR_', '')}×${n}`).join(' ')}`);
for (const r of rows) for (const c of r.noAnswerCases) console.log(`no answer (${r.group}): ${c}`);
console.log(`stalled bodies: ${stalled.closedByServer}/${stalled.connections} closed by the server (${stalled.answered408} answered 408) within ${stalled.waitedSeconds} s (median ${stalled.medianSecondsToClose ?? '–'} s); health answered meanwhile: ${stalled.healthAnsweredWhileStalled}`);
console.log(`kill -9: ${crash.rounds} rounds, ${crash.present}/${crash.acknowledged} acknowledged enrollments present ${crash.skipped}`);
console.log(`tampered logs detected: ${tamper.detected}/${tamper.cases}${tamper.missed.length ? ` (missed: ${tamper.missed.join('; ')})` : ''}; untampered export ${tamper.untampered}`);
console.log(`server memory: ${baselineMb} MB after start-up, peak ${peakMb} MB`);
console.log(JSON.stringify({ bench: 'robustness', quick, serverEnv, groups: rows, total, stalled, crash, tamper, memory: { baselineMb, peakMb, growthMb: peakMb - baselineMb } }));
