// No onward transfer, through a real `abgleich serve` process with the installed face models on
// LFW photos: agency A owns a gallery, B searches it under an agreement and its examiner downloads
// the candidate image; B enrolling that file or a re-encoded, resized or cropped copy is refused
// naming the release and logged; another photo of the person is accepted; the download is marked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { releaseMarking } from '../media/release-marking.ts';
import { defaultModelId } from '../signals/face/models.ts';
import { multipartBody } from '../testing/api-harness.ts';
import { startServer } from '../../web/e2e/server.ts';

const lfw = new URL('../../../shared/data/lfw/', import.meta.url);
const absent = existsSync(lfw) ? false : 'shared data not found: ../shared/data/lfw is absent';
const P = 'criminal-investigation';
const person = 'Colin_Powell';
const photo = (n: number) => readFileSync(new URL(`${person}/${person}_${String(n).padStart(4, '0')}.jpg`, lfw));

test('a candidate image released to B cannot enter B’s gallery, nor can its copies; another photo of the person can', { skip: absent, timeout: 10 * 60_000 }, async (t) => {
  const server = await startServer();
  try {
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const r = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: r.status, json: (await r.json()) as any };
    };
    const upload = async (path: string, token: string, fields: Record<string, string>, files: { field: string; name: string; data: Uint8Array }[]) => {
      const { payload, contentType } = multipartBody(fields, files);
      const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: payload });
      return { status: r.status, json: (await r.json()) as any };
    };
    const user = async (admin: string, name: string, roles: string[]) => {
      const u = (await call('POST', '/v1/users', admin, { name, roles })).json;
      return (await call('POST', '/v1/tokens', admin, { userId: u.id, label: name })).json.token as string;
    };
    const gallery = async (admin: string, name: string) => {
      const g = await call('POST', '/v1/galleries', admin, { name, kind: 'face', legalBasis: 'test', purposes: [P], retentionDays: 3650, modelId: defaultModelId() });
      assert.equal(g.status, 201, JSON.stringify(g.json));
      return g.json.id as string;
    };
    const b = (await call('POST', '/v1/agencies', server.adminToken, { name: 'Agency B', adminName: 'b-admin' })).json;
    const c = (await call('POST', '/v1/agencies', server.adminToken, { name: 'Agency C', adminName: 'c-admin' })).json;
    const [aOp, aOfficer, bOp, bEx, bAuditor, cOp] = [
      await user(server.adminToken, 'a-op', ['operator']), await user(server.adminToken, 'a-officer', ['owner-officer']),
      await user(b.admin.token, 'b-op', ['operator']), await user(b.admin.token, 'b-ex', ['examiner']), await user(b.admin.token, 'b-auditor', ['auditor']),
      await user(c.admin.token, 'c-op', ['operator']),
    ];
    const [aGallery, bGallery, cGallery] = [await gallery(server.adminToken, 'A custody'), await gallery(b.admin.token, 'B custody'), await gallery(c.admin.token, 'C custody')];

    const enroll = (token: string, galleryId: string, files: Record<string, Uint8Array>) => upload(`/v1/galleries/${galleryId}/enrollments`, token,
      { source: 'test', manifest: JSON.stringify(Object.fromEntries(Object.keys(files).map((f) => [f, { subjectRef: f }]))) },
      Object.entries(files).map(([name, data]) => ({ field: 'image', name, data })));
    assert.equal((await enroll(aOp, aGallery, { 'a.jpg': photo(1) })).json.enrolled, 1);
    const agreement = await call('POST', '/v1/agreements', aOfficer, { requesterAgencyId: b.agency.id, galleryIds: [aGallery], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 5, showImages: true, reference: 'MoU' });
    assert.equal(agreement.status, 201, JSON.stringify(agreement.json));
    const search = await upload('/v1/searches', bOp, { purpose: P, caseRef: 'B-17', authorisationRef: 'AUTH-1', mode: 'investigation', galleryIds: aGallery }, [{ field: 'probe', name: 'probe.jpg', data: photo(2) }]);
    assert.equal(search.status, 200, JSON.stringify(search.json));
    const hitId = search.json.galleries[0].candidates[0].hitId as string;

    const img = await fetch(`${server.url}/v1/hits/${hitId}/candidate-image`, { headers: { authorization: `Bearer ${bEx}` } });
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/jpeg');
    const releaseId = img.headers.get('abgleich-release-id')!;
    const downloaded = Buffer.from(await img.arrayBuffer());
    // The markings: the metadata names the release, owner, recipient and case; a red band with lettering sits below the photo.
    const mark = releaseMarking.read(downloaded)!;
    assert.deepEqual([mark.releaseId, mark.ownerAgency.id, mark.recipientAgency.name, mark.caseRef, mark.notice], [releaseId, agreement.json.agreement.ownerAgencyId, 'Agency B', 'B-17', 'no onward transfer']);
    const original = await sharp(photo(1)).metadata();
    const { data, info } = await sharp(downloaded).raw().toBuffer({ resolveWithObject: true });
    assert.ok(info.height > original.height! + 30 && info.width === original.width, `band below the photo: ${info.width}×${info.height}`);
    const bandRow = original.height! + 4;
    const reds = Array.from({ length: info.width }, (_, x) => data[(bandRow * info.width + x) * 3]!).filter((r) => r > 120).length;
    assert.ok(reds > info.width * 0.6, `the band is red: ${reds} of ${info.width}`);

    const { w, h } = { w: info.width, h: info.height };
    const copies: Record<string, Uint8Array> = {
      'downloaded.jpg': downloaded,
      'reencoded.jpg': await sharp(downloaded).jpeg({ quality: 60 }).toBuffer(),
      'resized.png': await sharp(downloaded).resize(Math.round(w / 2)).png().toBuffer(),
      'cropped.jpg': await sharp(downloaded).extract({ left: Math.round(w * 0.03), top: Math.round(h * 0.03), width: Math.round(w * 0.92), height: Math.round(h * 0.92) }).jpeg().toBuffer(),
    };
    const refused = await enroll(bOp, bGallery, { ...copies, 'other-photo.jpg': photo(3) });
    const byFile = Object.fromEntries(refused.json.results.map((r: any) => [r.file, r]));
    for (const f of Object.keys(copies)) {
      assert.equal(byFile[f].code, 'ABG_ERR_ONWARD_TRANSFER', `${f}: ${JSON.stringify(byFile[f])}`);
      assert.equal(byFile[f].details.releaseId, releaseId, f);
      assert.equal(byFile[f].details.ownerAgencyId, agreement.json.agreement.ownerAgencyId, f);
    }
    t.diagnostic(Object.keys(copies).map((f) => `${f}: ${byFile[f].details.stage} ${byFile[f].details.measure}`).join('; '));
    assert.equal(byFile['other-photo.jpg'].ok, true, `another photo of the person is accepted: ${JSON.stringify(byFile['other-photo.jpg'])}`);
    assert.equal((await enroll(cOp, cGallery, { 'from-b.jpg': downloaded })).json.results[0].code, 'ABG_ERR_ONWARD_TRANSFER', 'nor can C enroll it');

    const log = await call('GET', '/v1/log/entries?action=enrollment&limit=100', bAuditor);
    assert.equal(log.status, 200, JSON.stringify(log.json));
    const denied = log.json.entries.filter((e: any) => e.entry.outcome === 'denied' && e.entry.object?.id === releaseId);
    assert.equal(denied.length, Object.keys(copies).length, 'one logged refusal per refused copy, naming the release');
    assert.ok(denied.every((e: any) => e.entry.reason === 'ABG_ERR_ONWARD_TRANSFER'));
  } finally {
    await server.stop();
  }
});
