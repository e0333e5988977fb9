// The recipient-notice commands through the real binary against a server process, over a data
// directory in which agency A erased a subject it had disclosed to agency B.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { apiHarness, userToken } from '../../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../../testing/fake-face-engine.ts';
import { startServerProcess, type ServerProcess } from '../../testing/server-process.ts';

test('abgleich recipient-notice list → acknowledge (the recipient), refused for the owner', async () => {
  const h = await apiHarness();
  let server: ServerProcess | undefined;
  try {
    const P = 'criminal-investigation';
    const ok = async (p: Promise<{ status: number; json: any }>) => { const r = await p; assert.ok(r.status < 300, JSON.stringify(r.json)); return r.json; };
    const b = await ok(h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' }));
    const g = await ok(h.call('POST', '/v1/galleries', h.adminToken, { name: 'G', kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 }));
    const aOp = await userToken(h, h.adminToken, 'a-op', ['operator']);
    const aOfficer = await userToken(h, h.adminToken, 'a-officer', ['owner-officer']);
    const [bOp, bEx1, bEx2, bOfficer] = [await userToken(h, b.admin.token, 'b-op', ['operator']), await userToken(h, b.admin.token, 'b-ex1', ['examiner']), await userToken(h, b.admin.token, 'b-ex2', ['examiner']), await userToken(h, b.admin.token, 'b-officer', ['owner-officer'])];
    const enrolled = await ok(h.upload(`/v1/galleries/${g.id}/enrollments`, aOp, { source: 's', subjectRef: 'R-1' }, [{ field: 'image', name: 'i.jpg', data: fakeImage({ face: 'x' }) }]));
    await ok(h.call('POST', '/v1/agreements', aOfficer, { requesterAgencyId: b.agency.id, galleryIds: [g.id], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'MoU' }));
    const s = await ok(h.upload('/v1/searches', bOp, { purpose: P, caseRef: 'B-1', authorisationRef: 'A', mode: 'investigation', topK: '1' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face: 'x', variant: 1 }) }]));
    const hit = s.galleries[0].candidates[0].hitId;
    for (const ex of [bEx1, bEx2]) await ok(h.call('POST', `/v1/hits/${hit}/reviews`, ex, { decision: 'match', note: 'n' }));
    const d = (await ok(h.call('POST', `/v1/hits/${hit}/disclosures`, bOp, { justification: 'j' }))).disclosure.id;
    await ok(h.call('POST', `/v1/disclosures/${d}/decision`, aOfficer, { approve: true, note: 'ok' }));
    const [noticeId] = (await ok(h.call('DELETE', `/v1/subjects/${enrolled.results[0].subjectId}`, aOp, { reason: 'request' }))).recipientNotices;
    await h.app.close();
    await h.runtime.close();

    server = await startServerProcess({ dataDir: h.dataDir });
    const cli = (args: string[], token: string) => server!.cli(args, token);
    const open = cli(['recipient-notice', 'list', '--open'], bOfficer);
    assert.equal(open.status, 0, open.stderr);
    assert.match(open.stdout, new RegExp(`${noticeId}\\s+erasure\\s+received`));
    assert.match(open.stdout, new RegExp(`${noticeId}\\s+erasure\\s+received\\s+Host Agency\\s+Agency B\\s`), 'both agencies by name');
    const owner = cli(['recipient-notice', 'acknowledge', noticeId,  '--json'], aOfficer);
    assert.equal(owner.status, 1);
    assert.match(owner.stderr + owner.stdout, /ABG_ERR_FORBIDDEN/);
    const ack = cli(['recipient-notice', 'acknowledge', noticeId], bOfficer);
    assert.equal(ack.status, 0, ack.stderr);
    assert.equal(typeof JSON.parse(ack.stdout).logIndex, 'number');
    const sent = cli(['recipient-notice', 'list',  '--json'], aOfficer);
    assert.deepEqual(JSON.parse(sent.stdout).map((n: any) => [n.id, n.direction, Boolean(n.acknowledgedAt)]), [[noticeId, 'sent', true]]);
    assert.equal(cli(['recipient-notice', 'list', '--open'], bOfficer).stdout.trim(), '(none)');
  } finally {
    await server?.stop();
    rmSync(h.dataDir, { recursive: true, force: true });
  }
});
