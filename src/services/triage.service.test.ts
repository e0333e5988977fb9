// Triage end to end over the services on SQLite and PostgreSQL, with the real media hasher and the
// shared reference images and videos: known by exact digest, near-duplicates (edits, rotations,
// flips, re-encoded video) of known material, new files, coded per-file errors, and nothing
// half-written when a run fails.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { apiWorld } from '../testing/api-world.ts';
import type { Actor } from '../domain/entities.ts';
import type { TriageFileResult } from '../domain/media.ts';
import { pathInputs } from '../media/triage-sources.ts';
import { makeZip } from '../testing/make-zip.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';
import type { TriageInput } from './triage.service.ts';

const data = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const images = join(data, 'pdq/images');
const videos = join(data, 'tmk/videos');
const absent = !(existsSync(images) && existsSync(videos)) ? 'shared data not found: ../shared/data/pdq/images and ../shared/data/tmk/videos'
  : spawnSync('ffprobe', ['-version']).error !== undefined ? 'ffmpeg/ffprobe not installed: the run hashes videos' : false;
const P = 'criminal-investigation';

async function collect(paths: string[]): Promise<TriageInput[]> {
  const out: TriageInput[] = [];
  for await (const i of pathInputs(paths)) out.push('bytes' in i ? { name: i.name.slice(data.length), bytes: i.bytes } : i);
  return out;
}

const byFile = (rs: TriageFileResult[]) => new Map(rs.map((r) => [r.file, r]));

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = absent || (dialect === 'postgres' ? pgSkipReason() : false);
  describe(`triage on ${dialect}`, { skip }, () => {
    const w = apiWorld(async (h) => {
      const user = async (name: string, roles: string[]) => {
        const u = await h.call('POST', '/v1/users', h.adminToken, { name, roles });
        return h.services.auth.authenticate((await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: name })).json.token);
      };
      const op = await user('op', ['operator']);
      const examiner = await user('ex', ['examiner']);
      const gallery = (await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Case media', kind: 'media', legalBasis: 'StPO §94', purposes: [P], retentionDays: 3650 })).json.id;
      const all = await collect([images, videos]);
      return { op, examiner, gallery, all };
    }, {}, { dialect });

    test('a first run adds the originals to the media gallery (each digest once)', async () => {
      const pick = ['pdq/images/bridge-mods/aaa-orig.jpg', 'pdq/images/reg-test-input/dih/bridge-1-original.jpg', 'tmk/videos/pattern-sd-grey-bar.mp4'];
      const r = await w.h.services.triage.run(w.op, { caseRef: 'C-1', galleryId: w.gallery, files: w.all.filter((f) => pick.includes(f.name)) });
      // aaa-orig.jpg and bridge-1-original.jpg are the same bytes: one item, the second a known copy.
      assert.equal(r.run.counts.added, 2);
      assert.equal(await w.h.runtime.services.deps.store.mediaItems.countByGallery(w.gallery), 2);
      const video = byFile(r.results).get('tmk/videos/pattern-sd-grey-bar.mp4')!;
      assert.equal(video.type, 'video');
      assert.ok(video.vpdqFrames! > 3, 'frames hashed');
      assert.equal(video.video?.codec, 'h264');
      assert.ok(r.logIndex >= 0);
    });

    test('a hash set imports good rows and reports malformed ones per row', async () => {
      const md5 = (name: string) => createHash('md5').update(readFileSync(join(data, name))).digest('hex');
      const csv = [
        'md5,category,name',
        `${md5('pdq/images/misc-images/c.png')},1,c`,
        `${md5('tmk/videos/doorknob-hd-no-bar.mp4').toUpperCase()},2,door`,
        'not-a-hash,1,bad',
        ',1,empty',
        `${md5('pdq/images/misc-images/small.jpg')},,nocat`,
      ].join('\n');
      const r = await w.h.services.hashSets.import(w.op, { name: 'Known series', source: 'test list', categoryScheme: 'vics', format: 'csv', text: csv });
      assert.equal(r.imported, 2);
      assert.deepEqual(r.errors.map((e) => e.row), [4, 5, 6]);
      assert.match(r.errors[0]!.reason, /md5/);
      assert.equal(r.hashSet.entryCount, 2);
    });

    test('triage of the reference images and videos: known, near-duplicate of known, new, with clusters', async () => {
      const corrupt = { name: 'broken.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]) };
      const events: number[] = [];
      const r = await w.h.services.triage.run(w.op, { caseRef: 'C-2', files: [...w.all, corrupt] }, (e) => events.push(e.done));
      const m = byFile(r.results);
      assert.equal(r.results.length, w.all.length + 1);
      assert.deepEqual(events, Array.from({ length: w.all.length + 1 }, (_, i) => i + 1), 'progress once per file, in order');
      // Exact copies: of a media item (sha256) and of hash-set entries (md5, with category).
      assert.equal(m.get('pdq/images/bridge-mods/aaa-orig.jpg')!.verdict, 'known');
      assert.equal(m.get('pdq/images/pte-resources/sample-b.jpg')!.verdict, 'known', 'a byte-identical copy under another name');
      const c = m.get('pdq/images/misc-images/c.png')!;
      assert.equal(c.verdict, 'known');
      assert.deepEqual(c.categories, ['1']);
      assert.equal(c.matches[0]!.signal, 'md5');
      assert.deepEqual(m.get('tmk/videos/doorknob-hd-no-bar.mp4')!.categories, ['2']);
      // Edits of the original, and w.all 8 rotations/flips, are near-duplicates through the right variant.
      for (const edit of ['blur-a-little', 'high-contrast', 'sharpen-a-lot', 'shrink-a-lot', 'square-128x128']) {
        const x = m.get(`pdq/images/bridge-mods/${edit}.jpg`)!;
        assert.equal(x.verdict, 'near-duplicate', edit);
        assert.ok(x.matches.some((y) => y.source === 'media' && y.signal === 'pdq' && y.distance! <= 31), edit);
      }
      const variants: Record<string, string> = { '2-rotate-90': 'rotate270', '3-rotate-180': 'rotate180', '4-rotate-270': 'rotate90', '5-flipx': 'flipX', '6-flipy': 'flipY', '7-flip-plus-1': 'flipPlus1', '8-flip-minus-1': 'flipMinus1' };
      for (const [file, variant] of Object.entries(variants)) {
        const x = m.get(`pdq/images/reg-test-input/dih/bridge-${file}.jpg`)!;
        assert.equal(x.verdict, 'near-duplicate', file);
        assert.equal(x.matches.find((y) => y.signal === 'pdq')!.variant, variant, file);
      }
      // The logo-overlaid re-encode of the known video is a near-duplicate through vPDQ.
      const logo = m.get('tmk/videos/pattern-sd-with-small-logo-bar.mp4')!;
      assert.equal(logo.verdict, 'near-duplicate');
      assert.equal(logo.matches[0]!.signal, 'vpdq');
      // Unrelated photos and non-media files are new; the bridge family is one cluster.
      for (const f of ['pdq/images/reg-test-input/labelme-subset/q0003.jpg', 'pdq/images/reg-test-input/needles.txt', 'tmk/videos/test-padded-dimensions.mp4']) assert.equal(m.get(f)!.verdict, 'new', f);
      assert.equal(m.get('pdq/images/reg-test-input/needles.txt')!.type, 'file');
      const bridge = m.get('pdq/images/bridge-mods/aaa-orig.jpg')!.cluster;
      assert.ok(bridge !== null);
      assert.equal(m.get('pdq/images/reg-test-input/dih/bridge-5-flipx.jpg')!.cluster, bridge);
      assert.notEqual(m.get('pdq/images/reg-test-input/labelme-subset/q0003.jpg')!.cluster, bridge);
      // A corrupt file is a coded result; the run went on.
      assert.equal(m.get('broken.jpg')!.verdict, 'error');
      assert.equal(m.get('broken.jpg')!.error?.code, 'ABG_ERR_CORRUPT_IMAGE');
      assert.equal(r.run.counts.files, w.all.length + 1);
      assert.equal(r.run.counts.known + r.run.counts['near-duplicate'] + r.run.counts.new + r.run.counts.error, w.all.length + 1);
      // The stored report reads back the same, for examiners too; GPS never without the w.gallery's consent.
      const stored = await w.h.services.triage.get(w.examiner, r.run.id);
      assert.deepEqual(stored.results, r.results);
      assert.ok(r.results.every((x) => !x.exif?.gps));
    });

    test('a zip with ../ entries is one coded error; the other inputs are triaged', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'abg-triage-zip-'));
      try {
        const bad = join(dir, 'evil.zip');
        await writeFile(bad, makeZip([{ name: 'ok.txt', data: Buffer.from('fine') }, { name: '../../etc/cron.d/x', data: Buffer.from('boom') }]));
        const good = join(dir, 'good.zip');
        await writeFile(good, makeZip([{ name: 'inner/c.png', data: readFileSync(join(images, 'misc-images/c.png')), deflate: true }]));
        const inputs: TriageInput[] = [];
        for await (const i of pathInputs([bad, good])) inputs.push(i);
        const r = await w.h.services.triage.run(w.op, { caseRef: 'C-3', files: inputs });
        const m = byFile(r.results);
        assert.equal(m.get(bad)!.verdict, 'error');
        assert.equal(m.get(bad)!.error?.code, 'ABG_ERR_UNSAFE_ARCHIVE');
        assert.ok(![...m.keys()].some((k) => k.includes('ok.txt')), 'nothing of the refused archive is read');
        assert.equal(m.get(`${good}/inner/c.png`)!.verdict, 'known');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('roles and agencies: examiners cannot run triage; another agency cannot read the run; a failed run writes nothing', async () => {
      await assert.rejects(w.h.services.triage.run(w.examiner, { caseRef: 'C-4', files: [] }), /ABG_ERR_FORBIDDEN|may not/);
      const b = await w.h.call('POST', '/v1/agencies', w.h.adminToken, { name: 'Other agency', adminName: 'o-admin' });
      const other = await w.h.services.auth.authenticate(b.json.admin.token);
      const mine = await w.h.services.triage.run(w.op, { caseRef: 'C-5', files: [{ name: 'a.txt', bytes: new TextEncoder().encode('a') }] });
      await assert.rejects(w.h.services.triage.get(other, mine.run.id), (e: any) => e.code === 'ABG_ERR_NOT_FOUND');
      const store = w.h.runtime.services.deps.store;
      const before = await store.mediaItems.countByGallery(w.gallery);
      const failing = (async function* () { yield { name: 'x.txt', bytes: new Uint8Array([1]) }; throw new Error('disk gone'); })();
      await assert.rejects(w.h.services.triage.run(w.op, { caseRef: 'C-6', galleryId: w.gallery, files: failing }));
      assert.equal(await store.mediaItems.countByGallery(w.gallery), before);
    });

    test('objections: an exact copy and rotated/edited copies of the evidence are flagged by stage; other photos are not', async () => {
      const admin = await w.h.services.auth.authenticate(w.h.adminToken);
      const ev = w.all.find((f) => f.name === 'pdq/images/reg-test-input/dih/bridge-1-original.jpg') as { name: string; bytes: Uint8Array };
      const filed = await w.h.services.objections.file(admin, { reference: 'DSR-T', purposes: ['ai-training'], evidence: [{ fileName: 'e.jpg', bytes: ev.bytes }] });
      const pick = ['reg-test-input/dih/bridge-1-original.jpg', 'reg-test-input/dih/bridge-2-rotate-90.jpg', 'reg-test-input/dih/bridge-6-flipy.jpg', 'bridge-mods/blur-a-little.jpg', 'reg-test-input/labelme-subset/q0003.jpg'].map((p) => `pdq/images/${p}`);
      const r = await w.h.services.triage.run(w.op, { caseRef: 'C-7', files: w.all.filter((f) => pick.includes(f.name)) });
      const m = byFile(r.results);
      assert.equal(m.get(pick[0]!)!.objection?.stage, 'exact');
      for (const p of pick.slice(1, 3)) {
        assert.equal(m.get(p)!.objection?.stage, 'perceptual', p);
        assert.equal(m.get(p)!.objection?.objectionId, filed.objection.id);
        assert.ok(m.get(p)!.objection!.measure <= 31);
      }
      assert.equal(m.get(pick[4]!)!.objection, undefined);
    });
  });
}
