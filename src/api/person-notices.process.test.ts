// The notice story through real processes and real faces (LFW): agency A circulates a photo of a
// person enrolled (with another photo) at C but not at B; B declines, C accepts; C's standing search
// catches a third photo enrolled later; C's examiners confirm; A sees "hit" and, after C's officer
// approves, the core data; A withdraws and the probe is gone at C — from the data directory and in the log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { lfwAbsent, lfwImage } from '../testing/face-test-data.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { dataFiles } from '../testing/data-files.ts';

const P = 'criminal-investigation';
const PERSON = 'Colin_Powell';
const OTHERS = ['Aaron_Eckhart', 'Gerhard_Schroeder'];

let server: ServerProcess;
before(async () => {
  if (lfwAbsent) return;
  server = await startServerProcess({ agency: 'Agency A', admin: 'a-admin' });
});
after(async () => {
  await server?.stop();
});

type Answer = { status: number; json: any };

async function api(token: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const r = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

async function ok(a: Promise<Answer>, status = 200): Promise<any> {
  const r = await a;
  assert.equal(r.status, status, JSON.stringify(r.json));
  return r.json;
}


test('a notice from A: B declines, C accepts, finds the person now and on a later enrollment, confirms, discloses; withdrawal destroys the probe at C', { skip: lfwAbsent, timeout: 600_000 }, async () => {
  const A = server.adminToken;
  const model = (await ok(api(A, 'GET', '/v1/models'))).models[0].id as string;
  const token = async (admin: string, name: string, roles: string[]) => {
    const u = await ok(api(admin, 'POST', '/v1/users', { name, roles }), 201);
    return (await ok(api(admin, 'POST', '/v1/tokens', { userId: u.id, label: name }), 201)).token as string;
  };
  const agency = async (name: string) => {
    const r = await ok(api(A, 'POST', '/v1/agencies', { name, adminName: `${name}-admin` }), 201);
    const admin = r.admin.token as string;
    const g = await ok(api(admin, 'POST', '/v1/galleries', { name: `${name} custody`, kind: 'face', legalBasis: 'national police law', purposes: [P], retentionDays: 3650, modelId: model }), 201);
    return { id: r.agency.id as string, admin, gallery: g.id as string, op: await token(admin, `${name}-op`, ['operator']), officer: await token(admin, `${name}-officer`, ['owner-officer']), ex1: await token(admin, `${name}-ex1`, ['examiner']), ex2: await token(admin, `${name}-ex2`, ['examiner']) };
  };
  const enroll = async (x: { gallery: string; op: string }, ref: string, file: string, name: string) => {
    const form = new FormData();
    form.append('source', 'custody photo');
    form.append('subjectRef', ref);
    form.append('coreData', JSON.stringify({ name }));
    form.append('image', new Blob([readFileSync(file)]), file.split('/').at(-1)!);
    const r = await fetch(`${server.url}/v1/galleries/${x.gallery}/enrollments`, { method: 'POST', headers: { authorization: `Bearer ${x.op}` }, body: form }).catch((e: Error) => assert.fail(`enrolling ${ref}: ${e.message}; server: ${server.stderr().slice(-2000)}`));
    const json = (await r.json()) as any;
    assert.equal(json.results?.[0]?.ok, true, JSON.stringify(json));
  };
  const B = await agency('Agency B');
  const C = await agency('Agency C');
  for (const [i, p] of OTHERS.entries()) {
    await enroll(B, `B-${i}`, lfwImage(p, 1), p.replace(/_/g, ' '));
    await enroll(C, `C-${i}`, lfwImage(p, 1), p.replace(/_/g, ' '));
  }
  await enroll(C, 'C-POWELL-1', lfwImage(PERSON, 2), 'Colin Powell');
  const aOp = await token(A, 'a-op', ['operator']);
  const aOfficer = await token(A, 'a-officer', ['owner-officer']);
  const aAuditor = await token(A, 'a-auditor', ['auditor']);
  const cli = (args: string[], t: string) => {
    const r = server.cli([...args, '--json'], t);
    assert.equal(r.status, 0, `abgleich ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  // A's operator drafts from a photo; its officer approves (four eyes).
  const drafted = cli(['notice', 'issue', lfwImage(PERSON, 1), '--purpose', P, '--legal-basis', 'StPO §131a', '--case', 'A-UNKNOWN-1', '--description', 'Unknown man, detained without papers',
    '--recipients', 'Agency B,Agency C', '--valid-until', new Date(Date.now() + 30 * 86_400_000).toISOString()], aOp);
  const id = drafted.notice.id as string;
  assert.equal(drafted.notice.state, 'draft');
  assert.equal(cli(['notice', 'approve', id], aOfficer).notice.state, 'circulated');

  // B declines; C accepts for its custody gallery and finds the person at once.
  assert.equal(cli(['notice', 'inbox'], B.officer).length, 1);
  cli(['notice', 'decline', id, '--reason', 'The offence is not extraditable under our law'], B.officer);
  const accepted = cli(['notice', 'accept', id, '--galleries', 'Agency C custody'], C.officer);
  assert.equal(accepted.potentialHits, 1, 'the person enrolled at C is found on acceptance');

  // A later enrollment of the same person at C is caught by the standing search; another person is not.
  await enroll(C, 'C-POWELL-2', lfwImage(PERSON, 3), 'Colin L. Powell');
  await enroll(C, 'C-LATER', lfwImage('Tony_Blair', 2), 'Tony Blair');
  const pending = (await ok(api(C.ex1, 'GET', '/v1/hits?state=pending'))).hits as { hitId: string }[];
  assert.equal(pending.length, 2, JSON.stringify(pending));
  assert.equal((await ok(api(aOp, 'GET', `/v1/notices/${id}`))).issued.recipients.find((r: any) => r.agencyId === C.id).answer, 'pending');

  // C's two examiners confirm both; only then does A learn "hit" and the opaque references.
  for (const h of pending) for (const ex of [C.ex1, C.ex2]) await ok(api(ex, 'POST', `/v1/hits/${h.hitId}/reviews`, { decision: 'match', note: 'same person' }));
  const issued = (await ok(api(aOp, 'GET', `/v1/notices/${id}`))).issued;
  const atB = issued.recipients.find((r: any) => r.agencyId === B.id);
  const atC = issued.recipients.find((r: any) => r.agencyId === C.id);
  assert.deepEqual([atB.state, atB.reason], ['declined', 'The offence is not extraditable under our law']);
  assert.deepEqual([atC.answer, atC.references.length], ['hit', 2]);
  assert.ok(!JSON.stringify(issued).includes(C.gallery) && !JSON.stringify(issued.recipients).includes('Powell'), 'no recipient data before step 2');

  // Step 2: A asks, C's officer approves, A reads the core data.
  const requested = cli(['notice', 'request-disclosure', id, atC.references[0], '--justification', 'Identify the detainee'], aOp);
  await ok(api(C.officer, 'POST', `/v1/disclosures/${requested.disclosure.id}/decision`, { approve: true, note: 'lawful request' }));
  const core = await ok(api(aOp, 'GET', `/v1/disclosures/${requested.disclosure.id}/core-data?caseRef=A-UNKNOWN-1`));
  assert.match(core.coreData.name, /Colin (L\. )?Powell/);

  // What C holds of the probe, read from its database before the withdrawal.
  const db = new BetterSqlite3(join(server.dataDir, 'abgleich.db'), { readonly: true });
  const notice = db.prepare('select sealed_probe, probe_key from person_notices where id = ?').get(id) as { sealed_probe: string; probe_key: string };
  const recipient = db.prepare('select sealed_templates, search_id from person_notice_recipients where notice_id = ? and agency_id = ?').get(id, C.id) as { sealed_templates: string; search_id: string };
  const search = db.prepare('select probe_image, probe_key from searches where id = ?').get(recipient.search_id) as { probe_image: string; probe_key: string };
  db.close();
  const needles = { probe: notice.sealed_probe, key: notice.probe_key, templates: Object.values(JSON.parse(recipient.sealed_templates) as Record<string, string>)[0]!, searchProbe: search.probe_image, searchKey: search.probe_key };
  const inFiles = () => Object.entries(needles).flatMap(([what, v]) => dataFiles(server.dataDir).filter((f) => f.bytes.includes(Buffer.from(v.slice(0, 60)))).map((f) => `${what} in ${f.name}`));
  assert.ok(inFiles().length > 0, 'the probe is held in the data directory while the notice circulates');

  const withdrawn = cli(['notice', 'withdraw', id], aOfficer);
  assert.deepEqual([withdrawn.notice.state, withdrawn.notice.probeKept], ['withdrawn', false]);
  assert.deepEqual(inFiles(), [], 'after withdrawal no file of the data directory holds the probe, its key or its templates');
  assert.equal((await api(C.officer, 'GET', `/v1/notices/${id}/probe`)).json.error.code, 'ABG_ERR_NOTICE_ENDED');
  const log = (await ok(api(aAuditor, 'GET', '/v1/log/entries?action=notice.withdraw'))).entries;
  assert.equal(log.length, 1);
  assert.equal(log[0].entry.decision, 'probe-destroyed');
  assert.ok(log[0].entry.recipients.includes(C.id));
  // The standing search has stopped.
  await enroll(C, 'C-POWELL-3', lfwImage(PERSON, 4), 'Colin Powell');
  assert.equal((await ok(api(C.ex1, 'GET', '/v1/hits?state=pending'))).hits.length, 0);
});
