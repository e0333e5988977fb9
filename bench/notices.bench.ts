// What a standing search costs per new enrollment: the recipient C accepted N notices of agency A
// for its gallery, then enrolls people none of them show. Measured per enrollment, whole (with the
// standing searches) and the standing searches alone, for N = 0, 1, 100, 1,000 active notices.
// `npm run bench -- notices [--quick]`; the last line is one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/config.ts';
import { openRuntime } from '../src/app/runtime.ts';
import type { Actor } from '../src/domain/entities.ts';
import { bootstrap } from '../src/services/bootstrap.service.ts';
import { FakeFaceEngine, fakeImage, fakeModelId } from '../src/testing/fake-face-engine.ts';
import { listArg, round, summary } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const levels = listArg('notices', quick ? [0, 1, 10, 100] : [0, 1, 100, 1000]);
const enrollments = quick ? 20 : 50;
const dir = mkdtempSync(join(tmpdir(), 'abg-notices-bench-'));
const P = 'criminal-investigation';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

try {
  const faces = new FakeFaceEngine();
  const rt = await openRuntime(loadConfig({ env: {}, flags: { dataDir: join(dir, 'data') } }), { faces, logger: { warn: () => {}, info: () => {} } });
  const s = rt.services;
  const root = await s.auth.authenticate((await bootstrap(s.deps, { agencyName: 'A', adminName: 'root' })).token);
  const c = (await s.agencies.create(root, { name: 'C' })).agency;
  const as = (agencyId: string, userId: string, roles: Actor['roles']): Actor => ({ userId, agencyId, roles, hostAgency: agencyId === root.agencyId });
  const aOp = as(root.agencyId, 'a-op', ['operator']);
  const aOfficer = as(root.agencyId, 'a-officer', ['owner-officer']);
  const cAdmin = as(c.id, 'c-admin', ['admin']);
  const cOp = as(c.id, 'c-op', ['operator']);
  const cOfficer = as(c.id, 'c-officer', ['owner-officer']);
  const gallery = await s.galleries.create(cAdmin, { name: 'C custody', kind: 'face', legalBasis: 'test', purposes: [P], retentionDays: 3650, modelId: fakeModelId });
  await s.enrollment.enroll(cOp, gallery.id, Array.from({ length: 100 }, (_, i) => ({ fileName: `b${i}.jpg`, image: fakeImage({ face: `base${i}` }), subjectRef: `B-${i}`, provenance: { source: 'bench' } })));
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();

  let active = 0;
  let seq = 0;
  const rows = [];
  for (const n of levels) {
    const t0 = performance.now();
    for (; active < n; active++) {
      const { notice } = await s.personNotices.create(aOp, { purpose: P, legalBasis: 'test', caseRef: `N-${active}`, description: 'unknown', recipients: [c.id], validUntil, image: fakeImage({ face: `wanted${active}` }), source: { kind: 'upload' } });
      await s.personNotices.approve(aOfficer, notice.id);
      await s.personNotices.accept(cOfficer, notice.id, [gallery.id]);
    }
    const setupS = round((performance.now() - t0) / 1000, 1);
    const whole: number[] = [];
    const standing: number[] = [];
    for (let i = 0; i < enrollments; i++) {
      const image = fakeImage({ face: `new${seq++}` });
      let sampleId = '';
      let subjectId = '';
      whole.push(await timed(async () => {
        const [r] = await s.enrollment.enroll(cOp, gallery.id, [{ fileName: 'n.jpg', image, subjectRef: `NEW-${seq}`, provenance: { source: 'bench' } }]);
        sampleId = r!.sampleId!;
        subjectId = r!.subjectId!;
      }));
      // The standing searches alone, run once more for the same new sample (they find nothing, as in the enrollment).
      const [face] = await faces.analyse(image, { modelId: fakeModelId });
      standing.push(await timed(() => s.personNotices.afterEnrollment(gallery.id, { id: sampleId, subjectId }, face!.embedding)));
    }
    const row = { activeNotices: n, enrollMs: summary(whole), standingSearchMs: summary(standing), setupS };
    console.log('notices', JSON.stringify(row));
    rows.push(row);
  }
  await rt.close();
  const perNoticeUs = rows.length > 1 ? round(((rows.at(-1)!.standingSearchMs.p50 - rows[0]!.standingSearchMs.p50) * 1000) / Math.max(1, rows.at(-1)!.activeNotices - rows[0]!.activeNotices), 1) : null;
  console.log(JSON.stringify({ bench: 'notices', quick, enrollments, engine: 'fake (32-dim templates)', rows, standingSearchUsPerNotice: perNoticeUs }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
