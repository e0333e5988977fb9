// One contract suite for every Store implementation (SQLite file, PostgreSQL server).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from './store.ts';
import type { Agency, ApiToken, Gallery, User } from '../domain/entities.ts';
import { AbgError, isAbgError } from '../domain/errors.ts';
import { auditStoreContract } from '../audit/audit-store.contract.ts';
import type { HashSetEntry, MediaItem, TriageFileResult, TriageRun } from '../domain/media.ts';
import type { RecipientNotice } from '../domain/recipient-notice.ts';
import type { Objection } from '../domain/objection.ts';
import type { Release } from '../domain/release.ts';
import type { ModelCalibration, RegisteredFaceModel } from '../domain/face-model.ts';
import type { NoticeRecipient, PersonNotice } from '../domain/person-notice.ts';

export interface StoreHarness {
  open(): Promise<Store>;
  /** Removes everything the harness created (files, schemas). */
  dispose(): Promise<void>;
}

let n = 0;
const id = (p: string) => `${p}-${process.pid}-${++n}`;
const now = () => new Date().toISOString();

export const agencyFixture = (over: Partial<Agency> = {}): Agency => ({ id: id('ag'), name: id('Agency'), country: 'DE', isHost: false, reviewsRequired: 2, singleReviewBasis: null, onDisagreement: 'third-examiner', createdAt: now(), ...over });
export const userFixture = (agencyId: string, over: Partial<User> = {}): User => ({ id: id('us'), agencyId, name: id('user'), roles: ['operator'], disabled: false, createdAt: now(), ...over });
export const galleryFixture = (agencyId: string, over: Partial<Gallery> = {}): Gallery => ({
  id: id('ga'), agencyId, name: id('gallery'), kind: 'face', legalBasis: 'StPO §81b', purposes: ['criminal-investigation'], retentionDays: 3650, modelId: 'm@1', thresholdFmr: 1e-4, requiredFpir: null, maxCandidates: 10, keepGps: false, createdAt: now(), ...over,
});

const isConflict = (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_CONFLICT';

export function describeStoreContract(name: string, harness: () => StoreHarness | { skip: string }) {
  const h = harness();
  const skip = 'skip' in h ? h.skip : false;
  describe(`Store contract: ${name}`, { skip }, () => {
    let store: Store;
    /** A new agency, already inserted: most cases need one to own what they test. */
    const storedAgency = async () => {
      const a = agencyFixture();
      await store.agencies.insert(a);
      return a;
    };
    before(async () => {
      store = await (h as StoreHarness).open();
    });
    after(async () => {
      await store?.close();
      await (h as StoreHarness).dispose();
    });

    test('agencies: insert, get, get by name, list, update, count', async () => {
      const before = await store.agencies.count();
      const a = agencyFixture({ isHost: true });
      await store.agencies.insert(a);
      assert.deepEqual(await store.agencies.get(a.id), a);
      assert.deepEqual(await store.agencies.getByName(a.name), a);
      assert.ok((await store.agencies.list()).some((x) => x.id === a.id));
      const u = await store.agencies.update(a.id, { country: 'AT' });
      assert.equal(u?.country, 'AT');
      assert.equal((await store.agencies.update(a.id, { onDisagreement: 'inconclusive' }))?.onDisagreement, 'inconclusive');
      assert.equal((await store.agencies.get(a.id))?.country, 'AT', 'a patch changes only what it names');
      assert.equal(await store.agencies.count(), before + 1);
      assert.equal(await store.agencies.get('nope'), undefined);
    });

    test('agency names are unique', async () => {
      const a = await storedAgency();
      await assert.rejects(store.agencies.insert(agencyFixture({ name: a.name })), isConflict);
    });

    test('users: roles round-trip, per-agency listing, update, unique name per agency', async () => {
      const a = await storedAgency();
      const u = userFixture(a.id, { roles: ['examiner', 'auditor'] });
      await store.users.insert(u);
      assert.deepEqual(await store.users.get(u.id), u);
      assert.deepEqual((await store.users.listByAgency(a.id)).map((x) => x.id), [u.id]);
      const upd = await store.users.update(u.id, { roles: ['admin'], disabled: true });
      assert.deepEqual(upd?.roles, ['admin']);
      assert.equal(upd?.disabled, true);
      await assert.rejects(store.users.insert(userFixture(a.id, { name: u.name })), isConflict);
    });

    test('a user must belong to an existing agency', async () => {
      await assert.rejects(store.users.insert(userFixture('no-such-agency')), isConflict);
    });

    test('tokens: digest unique, revoke once, touch', async () => {
      const a = await storedAgency();
      const u = userFixture(a.id);
      await store.users.insert(u);
      const t: ApiToken = { id: id('tk'), userId: u.id, label: 'laptop', digest: 'ab'.repeat(32), createdAt: now(), expiresAt: null, revokedAt: null, lastUsedAt: null };
      await store.tokens.insert(t);
      assert.deepEqual(await store.tokens.get(t.id), t);
      await assert.rejects(store.tokens.insert({ ...t, id: id('tk') }), isConflict);
      const r1 = await store.tokens.revoke(t.id, '2026-01-01T00:00:00.000Z');
      const r2 = await store.tokens.revoke(t.id, '2027-01-01T00:00:00.000Z');
      assert.equal(r1?.revokedAt, '2026-01-01T00:00:00.000Z');
      assert.equal(r2?.revokedAt, '2026-01-01T00:00:00.000Z', 'a second revoke keeps the first time');
      await store.tokens.touch(t.id, '2026-02-02T00:00:00.000Z');
      assert.equal((await store.tokens.get(t.id))?.lastUsedAt, '2026-02-02T00:00:00.000Z');
      assert.equal((await store.tokens.listByUser(u.id)).length, 1);
      const fresh: ApiToken = { ...t, id: id('tk'), digest: 'cd'.repeat(32), revokedAt: null };
      await store.tokens.insert(fresh);
      const firsts = await Promise.all([1, 2, 3].map(() => store.transaction((tx) => tx.tokens.touchFirst(fresh.id, '2026-03-03T00:00:00.000Z'))));
      assert.deepEqual(firsts.sort(), [false, false, true], 'exactly one caller makes the first use');
      assert.equal(await store.tokens.touchFirst(fresh.id, '2026-04-04T00:00:00.000Z'), false);
      assert.equal((await store.tokens.get(fresh.id))?.lastUsedAt, '2026-03-03T00:00:00.000Z');
    });

    test('galleries: purposes round-trip, update, delete, unique name per agency', async () => {
      const a = await storedAgency();
      const g = galleryFixture(a.id, { purposes: ['a', 'b'] });
      await store.galleries.insert(g);
      assert.deepEqual(await store.galleries.get(g.id), g);
      assert.deepEqual((await store.galleries.update(g.id, { purposes: ['c'], retentionDays: 30 }))?.purposes, ['c']);
      await assert.rejects(store.galleries.insert(galleryFixture(a.id, { name: g.name })), isConflict);
      assert.deepEqual((await store.galleries.listByAgency(a.id)).map((x) => x.id), [g.id]);
      assert.equal(await store.galleries.delete(g.id), true);
      assert.equal(await store.galleries.delete(g.id), false);
    });

    test('samples: provenance is corrected in place, nothing else changes', async () => {
      const a = await storedAgency();
      const g = galleryFixture(a.id);
      await store.galleries.insert(g);
      const subject = { id: id('su'), galleryId: g.id, ref: id('ref'), sealedCoreData: null, createdAt: now(), erasedAt: null, erasureReason: null };
      await store.subjects.insert(subject, 'wrapped');
      const sample = {
        id: id('sa'), subjectId: subject.id, galleryId: g.id, provenance: { source: 'custody photo', captureDate: null, legalBasis: 'StPO §81b' },
        sealedFileName: null, quality: { score: 0.9, verdict: 'accept' as const, reasons: [], measures: {} }, modelId: 'm@1', sealedTemplate: 't', sealedImage: 'i', createdAt: now(),
      };
      await store.samples.insert(sample);
      const corrected = { source: 'passport scan', captureDate: '2024-05-01', legalBasis: 'BKAG §16' };
      assert.equal(await store.samples.updateProvenance(sample.id, corrected), true);
      assert.deepEqual(await store.samples.get(sample.id), { ...sample, provenance: corrected });
      assert.equal(await store.samples.updateProvenance(id('sa'), corrected), false);
    });

    test('a failing transaction changes nothing', async () => {
      const a = agencyFixture();
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.agencies.insert(a);
          await tx.users.insert(userFixture(a.id));
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.agencies.get(a.id), undefined);
    });

    test('a successful transaction commits all its writes', async () => {
      const a = agencyFixture();
      const u = userFixture(a.id);
      await store.transaction(async (tx) => {
        await tx.agencies.insert(a);
        await tx.users.insert(u);
      });
      assert.ok(await store.agencies.get(a.id));
      assert.ok(await store.users.get(u.id));
    });

    test('ping answers', async () => {
      await store.ping();
    });

    test('media items: keepGps round-trips; items by digest and perceptual hashes per gallery', async () => {
      const a = await storedAgency();
      const g = galleryFixture(a.id, { kind: 'media', modelId: null, keepGps: true });
      await store.galleries.insert(g);
      assert.equal((await store.galleries.get(g.id))?.keepGps, true);
      const item = (n: number, over: Partial<MediaItem> = {}): MediaItem => ({
        id: id('mi'), galleryId: g.id, fileName: `f${n}.jpg`, size: 1000 + n, type: 'photo', sha256: String(n).repeat(64).slice(0, 64), md5: 'a'.repeat(32), sha1: 'b'.repeat(40),
        pdq: 'c'.repeat(64), pdqQuality: 90, vpdq: null, video: null, exif: { make: 'Cam', gps: { latitude: 1.5, longitude: 2.5 } }, triageRunId: null, createdAt: now(), ...over,
      });
      const items = [item(1), item(2, { type: 'video', pdq: null, pdqQuality: null, vpdq: [{ hash: 'd'.repeat(64), quality: 80, timestampSeconds: 0 }] }), item(3, { type: 'file', pdq: null, pdqQuality: null })];
      await store.mediaItems.insertMany(items);
      assert.deepEqual(await store.mediaItems.get(items[0]!.id), items[0]);
      assert.deepEqual((await store.mediaItems.findBySha256([g.id], [items[1]!.sha256, 'e'.repeat(64)])).map((x) => x.id), [items[1]!.id]);
      assert.deepEqual((await store.mediaItems.findBySha256(['other'], [items[1]!.sha256])), []);
      assert.deepEqual(new Set((await store.mediaItems.perceptual([g.id])).map((x) => x.id)), new Set([items[0]!.id, items[1]!.id]));
      assert.equal(await store.mediaItems.countByGallery(g.id), 3);
    });

    test('hash sets: entries appended in order, found by any digest and by PDQ; names unique per agency', async () => {
      const a = await storedAgency();
      const set = { id: id('hs'), agencyId: a.id, name: 'Known', source: 'partner', categoryScheme: 'vics', createdAt: now() };
      await store.hashSets.insert(set);
      await assert.rejects(store.hashSets.insert({ ...set, id: id('hs') }), isConflict);
      const e = (over: Partial<HashSetEntry>): HashSetEntry => ({ md5: null, sha1: null, sha256: null, pdq: null, category: '1', name: null, sourceId: null, ...over });
      await store.hashSets.addEntries(set.id, [e({ md5: '1'.repeat(32) }), e({ sha1: '2'.repeat(40), category: '2' })]);
      await store.hashSets.addEntries(set.id, [e({ sha256: '3'.repeat(64), pdq: '4'.repeat(64), name: 'x.jpg', sourceId: '7' })]);
      assert.equal((await store.hashSets.get(set.id))?.entryCount, 3);
      assert.deepEqual((await store.hashSets.entries(set.id)).map((x) => x.category), ['1', '2', '1']);
      const hits = await store.hashSets.findDigests([set.id], { md5: ['1'.repeat(32)], sha1: ['2'.repeat(40)], sha256: ['f'.repeat(64)] });
      assert.deepEqual(hits.map((h) => h.category).sort(), ['1', '2']);
      assert.deepEqual((await store.hashSets.pdqEntries([set.id])).map((h) => h.name), ['x.jpg']);
      assert.deepEqual((await store.hashSets.getByName(a.id, 'Known'))?.id, set.id);
    });

    test('hash sets: audio fingerprints are stored with their entries and listed by audioEntries', async () => {
      const a = await storedAgency();
      const set = { id: id('hs'), agencyId: a.id, name: 'Recordings', source: 'partner', categoryScheme: 'vics', createdAt: now() };
      await store.hashSets.insert(set);
      const audio = { durationSeconds: 12.5, fingerprint: 'AAAAAAEAAAACAAAA' };
      await store.hashSets.addEntries(set.id, [
        { md5: '5'.repeat(32), sha1: null, sha256: null, pdq: null, category: '1', name: 'a.jpg', sourceId: null },
        { md5: null, sha1: null, sha256: null, pdq: null, audio, category: '2', name: 'b.mp3', sourceId: '9' },
      ]);
      const hits = await store.hashSets.audioEntries([set.id]);
      assert.deepEqual(hits.map((h) => [h.hashSetId, h.name, h.audio]), [[set.id, 'b.mp3', audio]]);
      assert.deepEqual((await store.hashSets.entries(set.id)).map((x) => x.audio ?? null), [null, audio]);
      assert.deepEqual(await store.hashSets.audioEntries([]), []);
    });

    test('objections: recording fingerprints of any length are stored, listed while active and deleted on withdrawal', async () => {
      const a = await storedAgency();
      const objection = (over: Partial<Objection>): Objection => ({
        id: id('ob'), agencyId: a.id, reference: 'L-1', purposes: ['all'], status: 'active', faceConsent: false, createdBy: 'u', createdAt: now(),
        withdrawnAt: null, withdrawnBy: null, withdrawalReason: null, ...over,
      });
      const [o1, o2] = [objection({}), objection({ reference: 'L-2' })];
      await store.objections.insert(o1);
      await store.objections.insert(o2);
      // An hour of fingerprint: about 116,000 characters, far beyond a btree index row.
      const long = Buffer.from(Uint32Array.from({ length: 29_000 }, (_, i) => Math.imul(i + 1, 2654435761) >>> 0).buffer).toString('base64');
      const recordings = [
        { objectionId: o1.id, durationSeconds: 3600, fingerprint: long, createdAt: now() },
        { objectionId: o1.id, durationSeconds: 12.5, fingerprint: 'AAAAAAEAAAACAAAA', createdAt: now() },
      ];
      await store.objections.addRecordings(recordings);
      await store.objections.addRecordings([{ objectionId: o2.id, durationSeconds: 8, fingerprint: 'AQAAAA==', createdAt: now() }]);
      assert.deepEqual(await store.objections.recordingsOf(o1.id), recordings);
      assert.deepEqual((await store.objections.activeRecordings(a.id)).map((r) => [r.objectionId, r.durationSeconds]), [[o1.id, 3600], [o1.id, 12.5], [o2.id, 8]]);
      assert.equal(await store.objections.withdraw(o1.id, now(), 'u', 'consent withdrawn'), true);
      assert.deepEqual(await store.objections.recordingsOf(o1.id), []);
      assert.deepEqual((await store.objections.activeRecordings(a.id)).map((r) => r.objectionId), [o2.id]);
      assert.deepEqual(await store.objections.activeRecordings(agencyFixture().id), []);
    });

    test('triage runs: the run and its per-file results read back as written', async () => {
      const a = await storedAgency();
      const run: TriageRun = { id: id('tr'), agencyId: a.id, userId: 'u', caseRef: 'C-1', galleryId: null, counts: { known: 1, 'near-duplicate': 0, new: 0, error: 1, files: 2, clusters: 0, added: 0 }, createdAt: now(), finishedAt: now() };
      const r = (seq: number, over: Partial<TriageFileResult>): TriageFileResult => ({
        seq, file: `f${seq}`, size: 3, type: 'file', sha256: null, md5: null, sha1: null, pdq: null, vpdqFrames: null, video: null, exif: null,
        verdict: 'new', categories: [], matches: [], cluster: null, error: null, mediaItemId: null, ...over,
      });
      const results = [r(0, { verdict: 'known', categories: ['1'], matches: [{ source: 'hash-set', signal: 'md5', hashSetId: 'h', category: '1' }] }), r(1, { verdict: 'error', error: { code: 'ABG_ERR_CORRUPT_IMAGE', message: 'm' } })];
      await store.triage.insertRun(run, results);
      assert.deepEqual(await store.triage.getRun(run.id), run);
      assert.deepEqual(await store.triage.results(run.id), results);
    });

    test('recipient notices: both sides list them, the recipient acknowledges once, restrictions hold until lifted', async () => {
      const [owner, recipient, other] = [agencyFixture(), agencyFixture(), agencyFixture()];
      for (const a of [owner, recipient, other]) await store.agencies.insert(a);
      const notice = (over: Partial<RecipientNotice>): RecipientNotice => ({
        id: id('rn'), kind: 'restriction', ownerAgencyId: owner.id, recipientAgencyId: recipient.id, subjectId: 's1', objectionId: 'o1', disclosureIds: ['d1'],
        hitIds: ['h1', 'h2'], caseRefs: ['C-1'], createdAt: now(), createdBy: 'u1', acknowledgedAt: null, acknowledgedBy: null, liftedAt: null, ...over,
      });
      const restriction = notice({});
      const erasure = notice({ kind: 'erasure', subjectId: 's2', objectionId: null, createdBy: null });
      await store.recipientNotices.insert(restriction);
      await store.recipientNotices.insert(erasure);
      assert.deepEqual(await store.recipientNotices.get(restriction.id), restriction);
      for (const a of [owner, recipient]) assert.deepEqual((await store.recipientNotices.listForAgency(a.id)).map((n) => n.id).sort(), [restriction.id, erasure.id].sort());
      assert.deepEqual(await store.recipientNotices.listForAgency(other.id), []);
      assert.equal(await store.recipientNotices.acknowledge(erasure.id, owner.id, 'u2', now()), false, 'only the recipient acknowledges');
      assert.equal(await store.recipientNotices.acknowledge(erasure.id, recipient.id, 'u2', now()), true);
      assert.equal(await store.recipientNotices.acknowledge(erasure.id, recipient.id, 'u3', now()), false, 'once');
      assert.equal((await store.recipientNotices.get(erasure.id))?.acknowledgedBy, 'u2');
      assert.deepEqual((await store.recipientNotices.listForAgency(owner.id, { open: true })).map((n) => n.id), [restriction.id]);
      assert.equal(await store.recipientNotices.restricted(recipient.id, 's1'), true);
      assert.equal(await store.recipientNotices.restricted(recipient.id, 's2'), false, 'an erasure notice is no restriction');
      assert.equal(await store.recipientNotices.restricted(other.id, 's1'), false);
      const at = now();
      assert.deepEqual((await store.recipientNotices.liftByObjection('o1', at)).map((n) => [n.id, n.liftedAt]), [[restriction.id, at]]);
      assert.deepEqual(await store.recipientNotices.liftByObjection('o1', now()), []);
      assert.equal(await store.recipientNotices.restricted(recipient.id, 's1'), false);
    });

    test('releases: fingerprints round-trip; found by hit, by subject and for other agencies; restriction drops the template and keeps the PDQ', async () => {
      const [a, b] = [agencyFixture(), agencyFixture()];
      await store.agencies.insert(a);
      await store.agencies.insert(b);
      const v0 = await store.releases.version();
      const subjectId = id('su');
      const r: Release = {
        id: id('re'), kind: 'candidate-image', ownerAgencyId: a.id, recipientAgencyId: b.id, caseRef: 'C-7', hitId: id('hi'), galleryId: id('ga'), subjectId, sampleId: id('sa'),
        releasedBy: 'u', createdAt: now(), releasedPdq: { hash: 'a'.repeat(64), quality: 90 }, originalPdq: { hash: 'b'.repeat(64), quality: 80 }, sealedTemplate: 'sealed', modelId: 'm@1', restrictedAt: null,
      };
      await store.releases.insert(r);
      assert.deepEqual(await store.releases.get(r.id), r);
      assert.deepEqual(await store.releases.findByHit(r.hitId!, 'candidate-image'), r);
      assert.equal(await store.releases.findByHit('other', 'candidate-image'), undefined);
      assert.deepEqual((await store.releases.listNotOwnedBy(b.id)).filter((x) => x.id === r.id), [r]);
      assert.deepEqual((await store.releases.listNotOwnedBy(a.id)).filter((x) => x.id === r.id), [], "the owner's own releases are not held against it");
      const v1 = await store.releases.version();
      assert.notEqual(v1, v0);
      const at = now();
      assert.equal(await store.releases.restrictBySubject(subjectId, at), 1);
      assert.equal(await store.releases.restrictBySubject(subjectId, at), 0, 'restricted once');
      assert.deepEqual(await store.releases.listBySubject(subjectId), [{ ...r, sealedTemplate: null, restrictedAt: at }]);
      assert.notEqual(await store.releases.version(), v1);
      await assert.rejects(store.releases.insert(r), isConflict);
    });

    test('face models: the manifest round-trips, id and alias are unique, the calibration is set later', async () => {
      const m: RegisteredFaceModel = {
        id: id('vendor/model@1'), alias: id('m'), manifest: { format: 'abgleich-face-model/1', licence: { name: 'L', licensee: 'BKA' }, input: { size: 112 } },
        sha256: 'c'.repeat(64), dimension: 512, addedAt: now(), calibration: null,
      };
      await store.faceModels.insert(m);
      assert.deepEqual(await store.faceModels.get(m.id), m);
      assert.deepEqual((await store.faceModels.list()).filter((x) => x.id === m.id), [m]);
      await assert.rejects(store.faceModels.insert({ ...m, alias: id('other') }), isConflict, 'same id');
      await assert.rejects(store.faceModels.insert({ ...m, id: id('vendor/other@1') }), isConflict, 'same alias');
      const calibration: ModelCalibration = { model: m.id, dataset: 'own set', genuineComparisons: 10, impostorComparisons: 90, points: [{ score: 0.9, fmr: 0.01, fnmr: 0.2 }, { score: 0.5, fmr: 0.5, fnmr: 0 }], calibratedAt: now() };
      assert.equal(await store.faceModels.setCalibration(m.id, calibration), true);
      assert.deepEqual(await store.faceModels.get(m.id), { ...m, calibration });
      assert.equal(await store.faceModels.setCalibration('nope', calibration), false);
      const builtIn = id('builtin/model@1');
      const later = { ...calibration, model: builtIn, dataset: 'second set', calibratedAt: new Date(Date.now() + 1000).toISOString() };
      await store.faceModels.addCalibration(later);
      await store.faceModels.addCalibration({ ...calibration, model: builtIn });
      await store.faceModels.addCalibration(calibration);
      assert.deepEqual(await store.faceModels.calibrations(builtIn), [{ ...calibration, model: builtIn }, later], 'oldest first, of that model only');
      const all = (await store.faceModels.calibrations()).filter((c) => c.model === builtIn || c.model === m.id);
      assert.deepEqual(all.map((c) => c.dataset), ['own set', 'own set', 'second set'], 'every model, oldest first');
      await assert.rejects(store.faceModels.addCalibration(later), isConflict, 'the same model at the same instant');
    });

    test('re-embedding: one running job per gallery, batches with their marker, a switch that moves samples and gallery together', async () => {
      const a = await storedAgency();
      const g = galleryFixture(a.id, { modelId: 'old@1' });
      await store.galleries.insert(g);
      const subject = { id: id('su'), galleryId: g.id, ref: id('ref'), sealedCoreData: null, createdAt: now(), erasedAt: null, erasureReason: null };
      await store.subjects.insert(subject, 'wrapped');
      const ids = ['a', 'b', 'c'].map((x) => `${id('sa')}-${x}`).sort();
      for (const sid of ids) {
        await store.samples.insert({
          id: sid, subjectId: subject.id, galleryId: g.id, provenance: { source: 's', captureDate: null, legalBasis: 'x' }, sealedFileName: null,
          quality: { score: 0.9, verdict: 'accept' as const, reasons: [], measures: {} }, modelId: 'old@1', sealedTemplate: `old-${sid}`, sealedImage: `img-${sid}`, createdAt: now(),
        });
      }
      const job = { galleryId: g.id, fromModelId: 'old@1', modelId: 'new@1', state: 'running' as const, cursor: null, total: 3, done: 0, failed: [], startedBy: 'u', startedAt: now(), finishedAt: null };
      await store.reembeds.start(job);
      assert.deepEqual(await store.reembeds.get(g.id), job);
      await assert.rejects(store.reembeds.start(job), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_REEMBED_RUNNING');
      assert.deepEqual((await store.reembeds.running()).filter((j) => j.galleryId === g.id), [job]);
      assert.deepEqual((await store.reembeds.pending(g.id, null, 2)).map((s) => [s.id, s.sealedImage]), ids.slice(0, 2).map((x) => [x, `img-${x}`]));

      await assert.rejects(store.transaction(async (tx) => {
        await tx.reembeds.recordBatch(g.id, 'new@1', [{ sampleId: ids[0]!, sealedTemplate: `new-${ids[0]}` }], ids[0]!, []);
        throw new Error('killed');
      }), /killed/);
      assert.equal((await store.reembeds.get(g.id))!.done, 0, 'a batch cut off leaves neither templates nor marker');
      assert.equal(await store.reembeds.missing(g.id), 3);

      await store.transaction((tx) => tx.reembeds.recordBatch(g.id, 'new@1', [{ sampleId: ids[0]!, sealedTemplate: `new-${ids[0]}` }], ids[1]!, [{ sampleId: ids[1]!, code: 'ABG_ERR_NO_FACE' }]));
      assert.deepEqual(await store.reembeds.get(g.id), { ...job, cursor: ids[1], done: 1, failed: [{ sampleId: ids[1], code: 'ABG_ERR_NO_FACE' }] });
      assert.deepEqual((await store.reembeds.pending(g.id, ids[1]!, 10)).map((s) => s.id), [ids[2]]);
      assert.deepEqual((await store.reembeds.pending(g.id, null, 10)).map((s) => s.id), [ids[1], ids[2]], 'the done sample is not pending again');
      await store.reembeds.recordBatch(g.id, 'new@1', [{ sampleId: ids[1]!, sealedTemplate: `new-${ids[1]}` }, { sampleId: ids[2]!, sealedTemplate: `new-${ids[2]}` }], ids[2]!, []);
      assert.equal(await store.reembeds.missing(g.id), 0);

      const at = now();
      assert.deepEqual(await store.transaction((tx) => tx.reembeds.switchModel(g.id, 'new@1', at)), ids);
      assert.equal((await store.galleries.get(g.id))!.modelId, 'new@1');
      for (const sid of ids) assert.deepEqual(await store.samples.templateOf(sid), { modelId: 'new@1', galleryId: g.id, subjectId: subject.id, sealedTemplate: `new-${sid}` });
      assert.equal((await store.reembeds.get(g.id))!.state, 'switched');
      assert.equal((await store.reembeds.get(g.id))!.finishedAt, at);
      assert.equal(await store.reembeds.missing(g.id), 3, 'the second set is gone');
      assert.deepEqual((await store.reembeds.running()).filter((j) => j.galleryId === g.id), []);

      await store.reembeds.start({ ...job, fromModelId: 'new@1', modelId: 'third@1' });
      await store.reembeds.fail(g.id, [{ sampleId: ids[0]!, code: 'ABG_ERR_NO_FACE' }], at);
      assert.deepEqual(await store.reembeds.get(g.id), { ...job, fromModelId: 'new@1', modelId: 'third@1', state: 'failed', failed: [{ sampleId: ids[0], code: 'ABG_ERR_NO_FACE' }], finishedAt: at });
      assert.equal(await store.reembeds.get('nope'), undefined);
    });

    test('circulated notices: one transition at a time, one answer per recipient, standing searches by gallery, the probe destroyed with its copies', async () => {
      const [issuer, recipient] = [agencyFixture(), agencyFixture()];
      for (const a of [issuer, recipient]) await store.agencies.insert(a);
      const g = galleryFixture(recipient.id);
      await store.galleries.insert(g);
      const notice: PersonNotice = {
        id: id('no'), issuerAgencyId: issuer.id, purpose: 'criminal-investigation', legalBasis: 'x', caseRef: 'C-1', description: 'd', recipientMode: 'named', recipientAgencyIds: [recipient.id],
        validUntil: new Date(Date.now() + 86_400_000).toISOString(), state: 'draft', source: { kind: 'upload', ref: 'p.jpg' }, sealedProbe: 'sealed-probe', probeKey: 'wrapped-key',
        createdBy: 'u1', createdAt: now(), approvedBy: null, approvedAt: null, endedBy: null, endedAt: null,
      };
      await store.personNotices.insert(notice);
      assert.deepEqual(await store.personNotices.get(notice.id), notice);
      assert.equal(await store.personNotices.transition(notice.id, 'circulated', 'withdrawn', {}), false, 'only from the state it is in');
      const at = now();
      assert.equal(await store.personNotices.transition(notice.id, 'draft', 'circulated', { approvedBy: 'u2', approvedAt: at }), true);
      const row: NoticeRecipient = { noticeId: notice.id, agencyId: recipient.id, state: 'received', galleryIds: [], reason: null, decidedBy: null, decidedAt: null, sealedTemplates: {}, searchId: null, createdAt: at };
      await store.personNotices.insertRecipients([row]);
      assert.deepEqual((await store.personNotices.inbox(recipient.id)).map((x) => [x.notice.id, x.recipient]), [[notice.id, row]]);
      assert.deepEqual(await store.personNotices.inbox(issuer.id), []);
      const search = { id: id('se'), kind: 'search' as const, agencyId: recipient.id, userId: 'u3', purpose: 'criminal-investigation', caseRef: 'C-1', authorisationRef: 'n', mode: 'identification' as const, galleryIds: [g.id], probeCommitment: 'c', sealedProbe: 'search-probe', probeKey: 'search-key', result: {}, createdAt: at };
      await store.searches.insert(search);
      const answer = { state: 'accepted' as const, galleryIds: [g.id], reason: null, decidedBy: 'u3', decidedAt: at, sealedTemplates: { 'm@1': 'sealed-template' }, searchId: search.id };
      assert.equal(await store.personNotices.answer(notice.id, recipient.id, answer), true);
      assert.equal(await store.personNotices.answer(notice.id, recipient.id, { ...answer, state: 'declined' }), false, 'answered once');
      assert.deepEqual((await store.personNotices.standing(g.id, at)).map((x) => x.notice.id), [notice.id]);
      assert.deepEqual(await store.personNotices.standing(g.id, notice.validUntil), [], 'not after its validity');
      assert.deepEqual(await store.personNotices.standing('other-gallery', at), []);
      await store.personNotices.insertHits([{ id: id('nh'), noticeId: notice.id, agencyId: recipient.id, hitId: 'hit-1', createdAt: at }]);
      assert.equal((await store.personNotices.hitByHitId('hit-1'))?.noticeId, notice.id);
      await store.personNotices.setAcceptedPurposes(recipient.id, ['missing-persons', 'criminal-investigation']);
      assert.deepEqual(await store.personNotices.acceptedPurposes(recipient.id), ['criminal-investigation', 'missing-persons']);
      assert.ok((await store.personNotices.acceptingAgencies('missing-persons')).includes(recipient.id));
      assert.equal(await store.personNotices.transition(notice.id, 'circulated', 'withdrawn', { endedBy: 'u2', endedAt: at }), true);
      await store.personNotices.destroyProbe(notice.id);
      const ended = (await store.personNotices.get(notice.id))!;
      assert.deepEqual([ended.state, ended.sealedProbe, ended.probeKey], ['withdrawn', null, null]);
      assert.deepEqual((await store.personNotices.recipient(notice.id, recipient.id))!.sealedTemplates, {});
      const s2 = (await store.searches.get(search.id))!;
      assert.deepEqual([s2.sealedProbe, s2.probeKey], [null, null]);
      assert.deepEqual(await store.personNotices.standing(g.id, at), []);
    });

    auditStoreContract({ audit: () => store.audit, transaction: (fn) => store.transaction((tx) => fn(tx.audit)) });
  });
}
