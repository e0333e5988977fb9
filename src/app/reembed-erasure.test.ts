// Re-embedding and erasure do not interleave. There is no "gallery being erased" state: each
// erasure is one transaction (samples, index feed, tombstone, log entry). A subject erased while its
// image is being embedded, or after its second template was stored, keeps no second template, and
// the job still switches with the samples that remain. On SQLite and, when configured, PostgreSQL.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Actor } from '../domain/entities.ts';
import type { AnalysedFace } from '../services/ports/face-engine.ts';
import { bootstrap } from '../services/bootstrap.service.ts';
import type { KyselyStore } from '../store/kysely/kysely-store.ts';
import { FakeFaceEngine, fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { pgSkipReason, pgTestDatabase } from '../testing/pg-harness.ts';
import { loadConfig } from './config.ts';
import { openRuntime } from './runtime.ts';

const NEW = 'test/fake-face@2';

/** The fake engine with a second model whose every embedding waits until the test lets it go. */
class GatedEngine extends FakeFaceEngine {
  readonly waiting: { identity: string; release(): void }[] = [];
  readonly #held: (() => void)[] = [];
  /** Once true, embeddings no longer wait. */
  open = false;
  #arrived: (() => void) | undefined;

  override models(): string[] {
    return [fakeModelId, NEW];
  }

  override async analyse(image: Uint8Array, options: { modelId: string; allFaces?: boolean }): Promise<AnalysedFace[]> {
    if (options.modelId !== NEW) return super.analyse(image, options);
    const identity = (JSON.parse(new TextDecoder().decode(image)) as { face: string }).face;
    await new Promise<void>((release) => {
      this.#held.push(release);
      if (this.open) release();
      else this.waiting.push({ identity, release });
      this.#arrived?.();
    });
    return (await super.analyse(image, { ...options, modelId: fakeModelId })).map((f) => ({ ...f, embedding: f.embedding.map((x) => -x), modelId: NEW }));
  }

  /** Lets every embedding go, now and from now on. */
  openAll(): void {
    this.open = true;
    for (const release of this.#held) release();
  }

  /** The identity whose embedding waits next (in the order the job asks). */
  async next(): Promise<{ identity: string; release(): void }> {
    while (this.waiting.length === 0) await new Promise<void>((r) => (this.#arrived = r));
    return this.waiting.shift()!;
  }
}

const dialects: [string, string | false][] = [['SQLite', false], ['PostgreSQL', pgSkipReason()]];

for (const [name, skip] of dialects) {
  describe(`re-embedding while subjects are erased (${name})`, { skip }, () => {
    const root = mkdtempSync(join(tmpdir(), 'abg-reembed-erasure-'));
    let drop = async () => {};
    after(async () => {
      await drop();
      rmSync(root, { recursive: true, force: true });
    });

    test('an erased subject keeps no second template, whether erased during or after its embedding; the rest switch', async () => {
      const env: Record<string, string> = { ABGLEICH_REEMBED_BATCH: '1' };
      if (name === 'PostgreSQL') {
        const db = await pgTestDatabase();
        drop = db.drop;
        env.ABGLEICH_DATABASE_URL = db.url;
      }
      const faces = new GatedEngine();
      const rt = await openRuntime(loadConfig({ env, flags: { dataDir: root } }), { faces, logger: { warn: () => {}, info: () => {} } });
      try {
        const { agency, user } = await bootstrap(rt.services.deps, { agencyName: 'Host', adminName: 'root' });
        const admin: Actor = { userId: user.id, agencyId: agency.id, roles: ['admin', 'operator'], hostAgency: true };
        const gallery = await rt.services.galleries.create(admin, { name: 'Custody', kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId: fakeModelId, thresholdFmr: 1e-3 });
        const names = ['anna', 'bert', 'carl', 'dora'];
        const enrolled = await rt.services.enrollment.enroll(admin, gallery.id, names.map((n) => ({ fileName: `${n}.json`, image: fakeImage({ face: n }), subjectRef: n, provenance: { source: 'test' } })));
        assert.ok(enrolled.every((r) => r.ok));
        const store = rt.services.deps.store;
        const subjects = new Map((await store.subjects.listByGallery(gallery.id)).map((s) => [s.ref, s.id]));
        const samplesOf = async (identity: string) => (await store.samples.listBySubject(subjects.get(identity)!)).map((s) => s.id);
        const sampleOf = new Map<string, string>();
        for (const n of names) sampleOf.set(n, (await samplesOf(n))[0]!);
        const secondTemplates = async () => {
          const rows = await sql<{ sample_id: string }>`select sample_id from reembed_templates order by sample_id`.execute((store as KyselyStore).db);
          return rows.rows.map((r) => [...sampleOf].find(([, id]) => id === r.sample_id)?.[0] ?? `unknown ${r.sample_id}`).sort();
        };
        const erase = (identity: string) => rt.services.erasure.erase(admin, subjects.get(identity)!, 'data subject request');

        await rt.services.reembeds.start(admin, gallery.id, NEW);
        const first = await faces.next();
        first.release();
        const second = await faces.next();
        // Erased while its image is being embedded: the erasure commits, then the embedding ends.
        await erase(second.identity);
        second.release();
        const third = await faces.next();
        assert.deepEqual(await secondTemplates(), [first.identity], 'the subject erased during its embedding has no second template');
        // Erased after its second template was stored.
        await erase(first.identity);
        assert.deepEqual(await secondTemplates(), [], 'the erasure removed the second template with the sample');
        third.release();
        (await faces.next()).release();
        faces.open = true;
        await rt.services.reembeds.settled(gallery.id);

        const job = await rt.services.reembeds.progress(admin, gallery.id);
        assert.deepEqual([job.state, job.done, job.total, job.failed], ['switched', 2, 2, []]);
        assert.equal((await rt.services.galleries.get(admin, gallery.id)).modelId, NEW);
        const kept = names.filter((n) => n !== first.identity && n !== second.identity);
        for (const n of kept) assert.deepEqual((await store.samples.listBySubject(subjects.get(n)!)).map((s) => s.modelId), [NEW], `${n} moved`);
        for (const n of [first.identity, second.identity]) {
          assert.deepEqual(await samplesOf(n), [], `${n} has no sample`);
          assert.ok((await store.subjects.get(subjects.get(n)!))?.erasedAt, `${n} is erased`);
        }
        assert.deepEqual(await secondTemplates(), []);
        const answer = await rt.services.searches.search(admin, { probe: fakeImage({ face: second.identity }), purpose: 'criminal-investigation', caseRef: 'C-1', authorisationRef: 'A-1', galleryIds: [gallery.id], mode: 'investigation', topK: 4 });
        assert.equal(answer.galleries[0]!.candidates.length, 2, 'only the remaining subjects are found');
      } finally {
        faces.openAll();
        await rt.close();
      }
    });
  });
}
