// Objections end to end over the services, on SQLite and on PostgreSQL: filing, the stages at
// enrollment, the search filter, the AI-training manifest, withdrawal, reach reports.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import type { Actor } from '../domain/entities.ts';
import { AbgError } from '../domain/errors.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';
import { EnrollmentService } from './enrollment.service.ts';
import { ObjectionEnforcement } from './objection-enforcement.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';

const P = 'criminal-investigation';

interface Cast { h: ApiHarness; admin: Actor; officer: Actor; operator: Actor; auditor: Actor; otherOfficer: Actor; gallery: string }

async function actor(h: ApiHarness, adminToken: string, name: string, roles: string[]): Promise<Actor> {
  const u = await h.call('POST', '/v1/users', adminToken, { name, roles });
  assert.equal(u.status, 201, JSON.stringify(u.json));
  return h.services.auth.authenticate((await h.call('POST', '/v1/tokens', adminToken, { userId: u.json.id, label: name })).json.token);
}

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<Cast> {
  const h = await apiHarness({}, { dialect });
  const g = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Custody', kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 });
  const other = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Other agency', adminName: 'o-admin' });
  return {
    h, gallery: g.json.id,
    admin: await h.services.auth.authenticate(h.adminToken),
    officer: await actor(h, h.adminToken, 'officer', ['owner-officer']),
    operator: await actor(h, h.adminToken, 'operator', ['operator']),
    auditor: await actor(h, h.adminToken, 'auditor', ['auditor']),
    otherOfficer: await actor(h, other.json.admin.token, 'o-officer', ['owner-officer']),
  };
}

const rejectsWith = (code: string) => (e: unknown) => e instanceof AbgError && e.code === code;

/** A photo-like fixture: seeded coloured discs on a background, with structure at PDQ's scale. */
async function photo(seed: number): Promise<Buffer> {
  let x = (seed * 2654435761) >>> 0;
  const r = () => { x = (x * 1103515245 + 12345) >>> 0; return x / 2 ** 32; };
  const disc = () => `<circle cx="${(r() * 320) | 0}" cy="${(r() * 240) | 0}" r="${(10 + r() * 70) | 0}" fill="rgb(${(r() * 255) | 0},${(r() * 255) | 0},${(r() * 255) | 0})"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="rgb(${(r() * 255) | 0},90,60)"/>${Array.from({ length: 14 }, disc).join('')}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' ? pgSkipReason() : false;
  describe(`objections on ${dialect}`, { skip }, () => {
    let c: Cast;
    before(async () => { c = await setUp(dialect); });
    after(async () => { await c?.h.close(); });
    const s = () => c.h.services;
    const enroll = (ref: string, image: Uint8Array, file = `${ref}.jpg`) => s().enrollment.enroll(c.operator, c.gallery, [{ fileName: file, image, subjectRef: ref, provenance: { source: 'custody' } }]);
    const searchSubjects = async (face: string) => {
      const a = await s().searches.search(c.operator, { probe: fakeImage({ face, variant: 9 }), purpose: P, caseRef: 'C', authorisationRef: 'A', mode: 'investigation', topK: 5 });
      const ids = [];
      for (const cand of a.galleries[0]!.candidates) ids.push((await s().deps.store.hits.get(cand.hitId))!.subjectId);
      return ids;
    };

    test('only officers and admins of the agency file; operators are refused; evidence is required', async () => {
      await assert.rejects(s().objections.file(c.operator, { reference: 'DSR-0', purposes: ['all'], hashes: [{ kind: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' }] }), rejectsWith('ABG_ERR_FORBIDDEN'));
      await assert.rejects(s().objections.file(c.officer, { reference: 'DSR-0', purposes: ['all'] }), rejectsWith('ABG_ERR_VALIDATION'));
      await assert.rejects(s().objections.file(c.officer, { reference: 'DSR-0', purposes: ['all'], hashes: [{ kind: 'pdq', value: 'xyz' }] }), rejectsWith('ABG_ERR_MALFORMED_HASH'));
    });

    test('enrollment refuses a re-share: the exact copy by the exact stage, another photo by the face stage (consented reference); per item in a batch', async () => {
      const evidence = fakeImage({ face: 'alice', variant: 0 });
      const filed = await s().objections.file(c.officer, { reference: 'DSR-1', purposes: ['all'], evidence: [{ fileName: 'alice.jpg', bytes: evidence }], faceConsent: { consentRef: 'form 7' } });
      assert.deepEqual(filed.reach.face, { reference: true, modelId: fakeModelId });
      assert.equal(filed.reach.exact.digests, 2);
      const r = await s().enrollment.enroll(c.operator, c.gallery, [
        { fileName: 'copy.jpg', image: evidence, subjectRef: 'R-copy', provenance: { source: 'web' } },
        { fileName: 'other-photo.jpg', image: fakeImage({ face: 'alice', variant: 4 }), subjectRef: 'R-other', provenance: { source: 'web' } },
        { fileName: 'bob.jpg', image: fakeImage({ face: 'bob' }), subjectRef: 'R-bob', provenance: { source: 'web' } },
      ]);
      assert.deepEqual(r.map((x) => [x.file, x.ok, x.code, x.details?.stage]), [
        ['copy.jpg', false, 'ABG_ERR_OBJECTION', 'exact'],
        ['other-photo.jpg', false, 'ABG_ERR_OBJECTION', 'face'],
        ['bob.jpg', true, undefined, undefined],
      ]);
      assert.equal(r[0]!.reason, 'objection');
      assert.equal(r[0]!.details?.objectionId, filed.objection.id);
      // Each refused item leaves one denied entry naming the objection and the stage that caught it.
      const denied = (await s().audit.entries(c.auditor, { action: 'enrollment' }, { limit: 50, offset: 0 })).entries.map((e) => e.entry).filter((e) => e.outcome === 'denied');
      assert.deepEqual(denied.map((e) => [e.reason, e.object?.id, e.decision]).sort(), [['ABG_ERR_OBJECTION', filed.objection.id, 'exact'], ['ABG_ERR_OBJECTION', filed.objection.id, 'face']]);
      assert.equal((await s().enrollment.listSubjects(c.operator, c.gallery, { limit: 100, offset: 0, includeErased: false })).some((x) => x.ref === 'R-copy'), false);
    });

    test('without face consent no face reference is kept and other photos of the person are not reached', async () => {
      const evidence = fakeImage({ face: 'dora', variant: 0 });
      const filed = await s().objections.file(c.officer, { reference: 'DSR-2', purposes: ['search'], evidence: [{ fileName: 'd.jpg', bytes: evidence }] });
      assert.deepEqual(filed.reach.face, { reference: false });
      assert.equal(await s().deps.store.objections.faceTemplateOf(filed.objection.id), undefined);
      assert.equal((await enroll('R-dora-2', fakeImage({ face: 'dora', variant: 2 })))[0]!.ok, true);
      const chk = (await s().objections.reach(c.officer, filed.objection.id, [{ fileName: 'd2.jpg', bytes: fakeImage({ face: 'dora', variant: 2 }) }])).results[0]!;
      assert.equal(chk.stage, null);
      assert.deepEqual(chk.stages.find((x) => x.stage === 'face'), { stage: 'face', checked: false, caught: false, note: 'no consented face reference' });
    });

    test('search never returns a sample under an objection for search, also one enrolled before the objection; withdrawal restores it and deletes the evidence', async () => {
      const carol = fakeImage({ face: 'carol', variant: 0 });
      const enrolled = await enroll('R-carol', carol);
      const subjectId = enrolled[0]!.subjectId!;
      assert.ok((await searchSubjects('carol')).includes(subjectId), 'found before the objection');
      const filed = await s().objections.file(c.officer, { reference: 'DSR-3', purposes: ['search'], evidence: [{ fileName: 'c.jpg', bytes: carol }] });
      assert.deepEqual(filed.matched, { exact: 1, perceptual: 0, audio: 0, face: 0 });
      assert.ok(!(await searchSubjects('carol')).includes(subjectId), 'not a candidate under the objection');
      await assert.rejects(s().objections.withdraw(c.operator, filed.objection.id, 'r'), rejectsWith('ABG_ERR_FORBIDDEN'));
      const w = await s().objections.withdraw(c.officer, filed.objection.id, 'person withdrew the objection');
      assert.equal(w.objection.status, 'withdrawn');
      assert.deepEqual(await s().deps.store.objections.signalsOf(filed.objection.id), []);
      assert.deepEqual(await s().deps.store.objections.matchesOf(filed.objection.id), []);
      assert.ok((await searchSubjects('carol')).includes(subjectId), 'found again after withdrawal');
      await assert.rejects(s().objections.withdraw(c.officer, filed.objection.id, 'again'), rejectsWith('ABG_ERR_OBJECTION_NOT_ACTIVE'));
    });

    test('withdrawal deletes the consented face reference with the objection', async () => {
      const filed = await s().objections.file(c.officer, { reference: 'DSR-4', purposes: ['all'], evidence: [{ fileName: 'e.jpg', bytes: fakeImage({ face: 'erin' }) }], faceConsent: { consentRef: 'form 9' } });
      assert.ok(await s().deps.store.objections.faceTemplateOf(filed.objection.id));
      await s().objections.withdraw(c.officer, filed.objection.id, 'withdrawn');
      assert.equal(await s().deps.store.objections.faceTemplateOf(filed.objection.id), undefined);
      assert.equal((await enroll('R-erin', fakeImage({ face: 'erin', variant: 3 })))[0]!.ok, true);
    });

    test('the AI-training manifest leaves out objected items with the stage that caught each; an objection for search only does not', async () => {
      const frank = fakeImage({ face: 'frank', variant: 0 });
      const gina = fakeImage({ face: 'gina', variant: 0 });
      await enroll('R-frank', frank);
      await enroll('R-gina', gina);
      await enroll('R-gina-2', fakeImage({ face: 'gina', variant: 5 }));
      await s().objections.file(c.officer, { reference: 'DSR-5', purposes: ['ai-training'], evidence: [{ fileName: 'f.jpg', bytes: frank }] });
      const g = await s().objections.file(c.officer, { reference: 'DSR-6', purposes: ['ai-training'], evidence: [{ fileName: 'g.jpg', bytes: gina }], faceConsent: { consentRef: 'form 11' } });
      await assert.rejects(s().exports.manifest(c.operator, c.gallery), rejectsWith('ABG_ERR_FORBIDDEN'));
      const m = await s().exports.manifest(c.admin, c.gallery);
      const ex = Object.fromEntries(m.excluded.map((e) => [e.subjectRef, e.stage]));
      assert.equal(ex['R-frank'], 'exact');
      assert.equal(ex['R-gina'], 'exact');
      assert.equal(ex['R-gina-2'], 'face');
      assert.equal(ex['R-carol'], undefined, 'objection for search only (and withdrawn) does not reach the training export');
      assert.ok(m.items.some((i) => i.subjectRef === 'R-bob'));
      assert.ok(!m.items.some((i) => ['R-frank', 'R-gina', 'R-gina-2'].includes(i.subjectRef)));
      assert.equal(m.counts.items + m.counts.excluded, m.items.length + m.excluded.length);
      assert.ok(m.excluded.every((e) => e.objectionId));
      assert.equal(m.excluded.find((e) => e.subjectRef === 'R-gina-2')!.objectionId, g.objection.id);
      // Training objections do not hide the person from searches.
      assert.ok((await searchSubjects('frank')).length > 0);
      assert.ok((await searchSubjects('frank')).includes(m.excluded.find((e) => e.subjectRef === 'R-frank')!.sampleId ? (await s().deps.store.subjects.getByRef(c.gallery, 'R-frank'))!.id : ''));
    });

    test('flag mode enrolls a matching item and records it, so that search skips it', async () => {
      const deps = s().deps;
      const flagging = new EnrollmentService({ ...deps, objections: new ObjectionEnforcement(deps, { onEnrollment: 'flag' }) });
      const hana = fakeImage({ face: 'hana', variant: 0 });
      const filed = await s().objections.file(c.officer, { reference: 'DSR-7', purposes: ['search'], evidence: [{ fileName: 'h.jpg', bytes: hana }] });
      const r = await flagging.enroll(c.operator, c.gallery, [{ fileName: 'h.jpg', image: hana, subjectRef: 'R-hana', provenance: { source: 'web' } }]);
      assert.equal(r[0]!.ok, true);
      assert.match(r[0]!.warnings!.join(' '), /under objection .* \(exact stage\)/);
      assert.deepEqual((await deps.store.objections.matchesOf(filed.objection.id)).map((m) => [m.sampleId, m.stage]), [[r[0]!.sampleId, 'exact']]);
      assert.ok(!(await searchSubjects('hana')).includes(r[0]!.subjectId!));
    });

    test('perceptual stage: re-encoded, resized, flipped and rotated copies of an evidence photo are caught; another photo is not', async () => {
      const ev = await photo(1);
      const filed = await s().objections.file(c.officer, { reference: 'DSR-8', purposes: ['all'], evidence: [{ fileName: 'ev.jpg', bytes: ev }] });
      assert.equal(filed.reach.perceptual.imagesWithAllRotationsAndFlips, 1);
      const copies = {
        jpeg30: await sharp(ev).jpeg({ quality: 30 }).toBuffer(),
        half: await sharp(ev).resize(128).toBuffer(),
        flip: await sharp(ev).flop().toBuffer(),
        rot90: await sharp(ev).rotate(90).toBuffer(),
        grey: await sharp(ev).grayscale().toBuffer(),
      };
      const rep = await s().objections.reach(c.officer, filed.objection.id, [
        ...Object.entries(copies).map(([k, v]) => ({ fileName: k, bytes: v })), { fileName: 'same', bytes: ev }, { fileName: 'unrelated', bytes: await photo(2) },
      ]);
      const by = Object.fromEntries(rep.results.map((x) => [x.file, x.stage]));
      assert.deepEqual(by, { jpeg30: 'perceptual', half: 'perceptual', flip: 'perceptual', rot90: 'perceptual', grey: 'perceptual', same: 'exact', unrelated: null });
      assert.ok(rep.results.find((x) => x.file === 'flip')!.stages.find((x) => x.stage === 'perceptual')!.variant?.startsWith('flip'));
      // The same check without bytes, from a known PDQ hash of the copy.
      const pdq = (await s().deps.evidence!.compute(copies.jpeg30)).pdq!;
      assert.equal((await s().objections.check(c.officer, { signals: { pdq }, purpose: 'search' })).stage, 'perceptual');
      await assert.rejects(s().objections.reach(c.otherOfficer, filed.objection.id, []), rejectsWith('ABG_ERR_NOT_FOUND'));
    });

    test('a PDQ hash given without its image reaches re-encodes of that orientation only', async () => {
      const ev = await photo(3);
      const pdq = (await s().deps.evidence!.compute(ev)).pdq!;
      const filed = await s().objections.file(c.officer, { reference: 'DSR-9', purposes: ['all'], hashes: [{ kind: 'pdq', value: pdq.hash }] });
      const rep = await s().objections.reach(c.officer, filed.objection.id, [
        { fileName: 'jpeg', bytes: await sharp(ev).jpeg({ quality: 50 }).toBuffer() }, { fileName: 'rot90', bytes: await sharp(ev).rotate(90).toBuffer() },
      ]);
      assert.deepEqual(rep.results.map((x) => x.stage), ['perceptual', null]);
    });

    test('another service instance over the same database (a replica) sees filings and withdrawals at once', async () => {
      const replica = new ObjectionEnforcement(s().deps);
      const img = fakeImage({ face: 'ivan', variant: 0 });
      assert.equal(await replica.checkNew(c.officer.agencyId, img), null);
      const f = await s().objections.file(c.officer, { reference: 'DSR-10', purposes: ['search'], evidence: [{ fileName: 'i.jpg', bytes: img }] });
      assert.deepEqual(await replica.checkNew(c.officer.agencyId, img), { stage: 'exact', objectionId: f.objection.id, measure: 0 });
      await s().objections.withdraw(c.officer, f.objection.id, 'withdrawn');
      assert.equal(await replica.checkNew(c.officer.agencyId, img), null);
    });

    test('lists and reads are scoped to the agency; auditors see objections, not check images', async () => {
      const mine = await s().objections.list(c.auditor);
      assert.ok(mine.length >= 10);
      assert.deepEqual(await s().objections.list(c.otherOfficer), []);
      const one = await s().objections.get(c.auditor, mine[0]!.id);
      assert.equal(one.objection.id, mine[0]!.id);
      await assert.rejects(s().objections.get(c.otherOfficer, mine[0]!.id), rejectsWith('ABG_ERR_NOT_FOUND'));
      await assert.rejects(s().objections.check(c.auditor, { image: fakeImage({ face: 'x' }), purpose: 'all' }), rejectsWith('ABG_ERR_FORBIDDEN'));
    });
  });
}
