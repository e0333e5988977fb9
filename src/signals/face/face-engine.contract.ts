// One contract suite for the services' FaceEngine port, run against the real engine and the fake
// one the workflow tests use, so the fake cannot drift from what the workflows get in production.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaceEngine } from '../../services/ports/face-engine.ts';

/** What an engine is tried on: its model, two photos of one person, one of another, one without a face. */
export interface FaceEngineFixture {
  modelId: string;
  person: Uint8Array;
  samePerson: Uint8Array;
  otherPerson: Uint8Array;
  noFace: Uint8Array;
}

export function describeFaceEngineContract(name: string, create: () => FaceEngine, fixture: () => FaceEngineFixture, options: { skip?: string | false } = {}): void {
  describe(`FaceEngine contract: ${name}`, { skip: options.skip }, () => {
    let engine: FaceEngine;
    let f: FaceEngineFixture;
    before(() => { engine = create(); f = fixture(); });
    after(async () => { await engine?.close?.(); });

    test('lists its model with a positive dimension', () => {
      assert.ok(engine.models().includes(f.modelId));
      const d = engine.dimension(f.modelId);
      assert.ok(Number.isInteger(d) && d > 0);
    });

    test('a face comes back with box, detection score, quality and a unit template of the model', async () => {
      const faces = await engine.analyse(f.person, { modelId: f.modelId });
      assert.ok(faces.length >= 1);
      const face = faces[0]!;
      assert.equal(face.modelId, f.modelId);
      assert.equal(face.embedding.length, engine.dimension(f.modelId));
      assert.ok(Math.abs(Math.hypot(...face.embedding) - 1) < 1e-3);
      assert.equal(face.box.length, 4);
      assert.ok(face.box.every(Number.isFinite) && face.box[2] > 0 && face.box[3] > 0);
      assert.ok(face.detectionScore > 0 && face.detectionScore <= 1);
      assert.ok(Number.isFinite(face.quality.score) && ['accept', 'warn', 'reject'].includes(face.quality.verdict) && Array.isArray(face.quality.reasons));
    });

    test('an image without a face gives no faces', async () => {
      assert.deepEqual(await engine.analyse(f.noFace, { modelId: f.modelId }), []);
    });

    test('a template matches itself best and its own person better than another', async () => {
      const [a, b, c] = await Promise.all([f.person, f.samePerson, f.otherPerson].map(async (img) => (await engine.analyse(img, { modelId: f.modelId }))[0]!.embedding));
      assert.ok(Math.abs(engine.compare(f.modelId, a!, a!) - 1) < 1e-3);
      assert.ok(engine.compare(f.modelId, a!, b!) > engine.compare(f.modelId, a!, c!));
    });

    test('fmrAtScore falls as the score rises and scoreAtFmr inverts it', () => {
      let last = Infinity;
      for (let s = 0; s <= 1.0001; s += 0.05) {
        const fmr = engine.fmrAtScore(f.modelId, s);
        assert.ok(fmr > 0 && fmr <= 1 && fmr <= last + 1e-15, `at ${s}`);
        last = fmr;
      }
      for (const fmr of [1e-2, 1e-3, 1e-4]) {
        const s = engine.scoreAtFmr(f.modelId, fmr);
        assert.ok(Math.abs(Math.log10(engine.fmrAtScore(f.modelId, s)) - Math.log10(fmr)) < 0.05, `fmr ${fmr}: score ${s}`);
      }
    });
  });
}
