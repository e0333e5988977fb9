// Blind two-person review over HTTP, on SQLite and on PostgreSQL: no examiner sees another's
// decision or note while a hit is pending; a split goes to a third examiner (or is inconclusive,
// as the agency sets it); a match below the threshold needs an acknowledgement that is recorded.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';

const P = 'criminal-investigation';

interface Cast { h: ApiHarness; bAdmin: string; bAgency: string; aAdmin: string; op: string; ex: string[]; exIds: string[]; auditor: string }

async function user(h: ApiHarness, admin: string, name: string, roles: string[]) {
  const u = await h.call('POST', '/v1/users', admin, { name, roles });
  assert.equal(u.status, 201, JSON.stringify(u.json));
  return { id: u.json.id as string, token: (await h.call('POST', '/v1/tokens', admin, { userId: u.json.id, label: name })).json.token as string };
}

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<Cast> {
  const h = await apiHarness({}, { dialect });
  const aAdmin = h.adminToken;
  const b = await h.call('POST', '/v1/agencies', aAdmin, { name: 'Agency B', adminName: 'b-admin' });
  const bAdmin = b.json.admin.token as string;
  const g = (await h.call('POST', '/v1/galleries', aAdmin, { name: 'Mugshots', kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 })).json;
  const aOp = await user(h, aAdmin, 'a-op', ['operator']);
  const aOfficer = await user(h, aAdmin, 'a-officer', ['owner-officer']);
  const files = Array.from({ length: 6 }, (_, i) => ({ field: 'image', name: `p${i}.jpg`, data: fakeImage({ face: `person-${i}`, variant: 0 }) }));
  const manifest = Object.fromEntries(files.map((f, i) => [f.name, { subjectRef: `R-${i}` }]));
  assert.equal((await h.upload(`/v1/galleries/${g.id}/enrollments`, aOp.token, { source: 's', manifest: JSON.stringify(manifest) }, files)).json.enrolled, 6);
  const agreement = await h.call('POST', '/v1/agreements', aOfficer.token, { requesterAgencyId: b.json.agency.id, galleryIds: [g.id], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 5, showImages: true, reference: 'MoU' });
  assert.equal(agreement.status, 201, JSON.stringify(agreement.json));
  const ex = [await user(h, bAdmin, 'ex-1', ['examiner']), await user(h, bAdmin, 'ex-2', ['examiner']), await user(h, bAdmin, 'ex-3', ['examiner'])];
  return {
    h, aAdmin, bAdmin, bAgency: b.json.agency.id, op: (await user(h, bAdmin, 'b-op', ['operator'])).token,
    ex: ex.map((e) => e.token), exIds: ex.map((e) => e.id), auditor: (await user(h, bAdmin, 'b-aud', ['auditor'])).token,
  };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`blind two-person review on ${dialect}`, { skip: dialect === 'postgres' ? pgSkipReason() : false }, () => {
    let c: Cast;
    let n = 0;
    before(async () => { c = await setUp(dialect); });
    after(async () => { await c?.h.close(); });

    /** A fresh hit: the rank-1 candidate (above the threshold), or the first one below it. */
    async function newHit(below = false): Promise<string> {
      const face = `person-${n++ % 6}`;
      const s = await c.h.upload('/v1/searches', c.op, { purpose: P, caseRef: 'B-1', authorisationRef: 'AG-1', mode: 'investigation', topK: '3' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face, variant: 1 }) }]);
      assert.equal(s.status, 200, JSON.stringify(s.json));
      const candidates = s.json.galleries[0].candidates as { hitId: string; aboveThreshold: boolean }[];
      const hit = below ? candidates.find((x) => !x.aboveThreshold) : candidates[0];
      assert.ok(hit && hit.aboveThreshold === !below, JSON.stringify(candidates));
      return hit.hitId;
    }
    const decide = (token: string, hit: string, decision: string, note: string, extra: Record<string, unknown> = {}) =>
      c.h.call('POST', `/v1/hits/${hit}/reviews`, token, { decision, note, ...extra });
    const view = async (token: string, hit: string) => {
      const one = await c.h.call('GET', `/v1/hits/${hit}`, token);
      assert.equal(one.status, 200, JSON.stringify(one.json));
      const list = (await c.h.call('GET', '/v1/hits', token)).json.hits.find((x: any) => x.hitId === hit);
      assert.deepEqual(list, one.json, 'the list shows a hit exactly as its own page does');
      return one.json;
    };
    const logged = async (action: string, hit: string) =>
      (await c.h.call('GET', `/v1/log/entries?action=${action}&limit=500`, c.auditor)).json.entries.map((e: any) => e.entry).filter((e: any) => e.object?.id === hit);
    // What was done; refused attempts are logged too, as refusals.
    const entries = async (action: string, hit: string) => (await logged(action, hit)).filter((e: any) => e.outcome === 'ok');
    const refusals = async (action: string, hit: string) => (await logged(action, hit)).filter((e: any) => e.outcome !== 'ok').map((e: any) => [e.actor.user, e.outcome, e.reason]);

    test('while a hit is pending, the second examiner and the operator see how many decided, not what or why; once concluded, everyone sees both', async () => {
      const hit = await newHit();
      const first = await decide(c.ex[0]!, hit, 'match', 'EX1-NOTE ear shape agrees');
      assert.equal(first.status, 200, JSON.stringify(first.json));
      assert.deepEqual(first.json.hit.reviews.map((r: any) => [r.examinerId, r.decision, r.note]), [[c.exIds[0], 'match', 'EX1-NOTE ear shape agrees']], 'the examiner sees their own review');

      for (const token of [c.ex[1]!, c.op]) {
        const v = await view(token, hit);
        assert.equal(v.state, 'pending');
        assert.equal(v.reviewsIn, 1);
        assert.deepEqual(v.reviews, []);
        const text = JSON.stringify(await c.h.call('GET', '/v1/hits', token));
        assert.ok(!text.includes('EX1-NOTE') && !text.includes(c.exIds[0]!), `nothing of the first review leaks: ${text.slice(0, 300)}`);
        assert.ok(!JSON.stringify(v).includes('match'), 'not even the decision');
      }
      assert.equal((await view(c.ex[0]!, hit)).reviews.length, 1);

      const second = await decide(c.ex[1]!, hit, 'match', 'EX2-NOTE independent: same scar');
      assert.equal(second.json.hit.state, 'confirmed');
      for (const token of [c.ex[0]!, c.ex[1]!, c.op]) {
        const v = await view(token, hit);
        assert.deepEqual(v.reviews.map((r: any) => [r.examinerId, r.decision, r.note]), [
          [c.exIds[0], 'match', 'EX1-NOTE ear shape agrees'],
          [c.exIds[1], 'match', 'EX2-NOTE independent: same scar'],
        ]);
        assert.equal(v.reviewsIn, 2);
      }
      const [concluded] = await entries('hit.concluded', hit);
      assert.deepEqual(concluded.reviews, [{ reviewer: c.exIds[0], decision: 'match' }, { reviewer: c.exIds[1], decision: 'match' }]);
      assert.equal(concluded.decision, 'confirmed');
    });

    test('by default a split between match and no-match waits for a third, different examiner, whose decision concludes the hit', async () => {
      const agency = await c.h.call('GET', `/v1/agencies/${c.bAgency}`, c.bAdmin);
      assert.equal(agency.json.onDisagreement, 'third-examiner');
      const hit = await newHit();
      assert.equal((await decide(c.ex[0]!, hit, 'match', 'same person')).json.hit.state, 'pending');
      const split = await decide(c.ex[1]!, hit, 'no-match', 'different nose');
      assert.equal(split.json.hit.state, 'pending');
      assert.equal(split.json.hit.awaitingTieBreak, true);
      assert.deepEqual(split.json.hit.reviews.map((r: any) => r.note), ['different nose'], 'still blind after the split');
      const third = await view(c.ex[2]!, hit);
      assert.deepEqual([third.reviewsIn, third.awaitingTieBreak, third.reviews], [2, true, []]);
      const again = await decide(c.ex[0]!, hit, 'no-match', 'changed my mind');
      assert.equal(again.json.error.code, 'ABG_ERR_DUPLICATE_REVIEW');
      assert.deepEqual(await refusals('review.decision', hit), [[c.exIds[0], 'failed', 'ABG_ERR_DUPLICATE_REVIEW']]);
      assert.deepEqual(await entries('hit.concluded', hit), []);
      const [disagreement] = await entries('hit.disagreement', hit);
      assert.equal(disagreement.decision, 'third-examiner');

      const tie = await decide(c.ex[2]!, hit, 'no-match', 'tie-break: nose and chin differ');
      assert.equal(tie.json.hit.state, 'rejected');
      assert.deepEqual(tie.json.hit.reviews.map((r: any) => [r.decision, r.tieBreak]), [['match', false], ['no-match', false], ['no-match', true]]);
      const decisions = await entries('review.decision', hit);
      assert.deepEqual(decisions.map((e: any) => e.reviews).reverse(), [
        [{ reviewer: c.exIds[0], decision: 'match' }], [{ reviewer: c.exIds[1], decision: 'no-match' }], [{ reviewer: c.exIds[2], decision: 'no-match', tieBreak: true }],
      ]);
      const [concluded] = await entries('hit.concluded', hit);
      assert.equal(concluded.decision, 'rejected');
      assert.equal(concluded.reviews.length, 3);
      assert.deepEqual(concluded.reviews[2], { reviewer: c.exIds[2], decision: 'no-match', tieBreak: true });
      assert.equal((await decide(c.bAdmin, hit, 'match', 'late')).status, 403);
    });

    test("an agency set to 'inconclusive' concludes a split at once; only the agency's own admins set it, to a known rule", async () => {
      assert.equal((await c.h.call('PATCH', `/v1/agencies/${c.bAgency}`, c.aAdmin, { onDisagreement: 'inconclusive' })).json.error.code, 'ABG_ERR_FORBIDDEN');
      const bad = await c.h.call('PATCH', `/v1/agencies/${c.bAgency}`, c.bAdmin, { onDisagreement: 'coin-toss' });
      assert.equal(bad.json.error.code, 'ABG_ERR_VALIDATION');
      assert.equal((await c.h.call('GET', `/v1/agencies/${c.bAgency}`, c.bAdmin)).json.onDisagreement, 'third-examiner', 'a refused change changes nothing');
      const set = await c.h.call('PATCH', `/v1/agencies/${c.bAgency}`, c.bAdmin, { onDisagreement: 'inconclusive' });
      assert.equal(set.json.onDisagreement, 'inconclusive');
      try {
        const hit = await newHit();
        await decide(c.ex[0]!, hit, 'no-match', 'no');
        const second = await decide(c.ex[1]!, hit, 'match', 'yes');
        assert.equal(second.json.hit.state, 'inconclusive');
        assert.equal(second.json.hit.onDisagreement, 'inconclusive');
        assert.equal(second.json.hit.reviews.length, 2, 'concluded: both reviews visible');
        const [concluded] = await entries('hit.concluded', hit);
        assert.equal(concluded.decision, 'inconclusive');
        assert.deepEqual(await entries('hit.disagreement', hit), []);
      } finally {
        await c.h.call('PATCH', `/v1/agencies/${c.bAgency}`, c.bAdmin, { onDisagreement: 'third-examiner' });
      }
    });

    test('decisions sent at the same moment are taken one after another: the hit is concluded, never left pending with all reviews in', async () => {
      for (let round = 0; round < 3; round++) {
        const hit = await newHit();
        const answers = await Promise.all([decide(c.ex[0]!, hit, 'match', 'at once 1'), decide(c.ex[1]!, hit, 'match', 'at once 2')]);
        assert.deepEqual(answers.map((a) => a.status), [200, 200], JSON.stringify(answers.map((a) => a.json)));
        const v = await view(c.op, hit);
        assert.deepEqual([v.state, v.reviewsIn], ['confirmed', 2]);
      }
    });

    test('a match below the threshold is refused without an acknowledgement, and recorded with it', async () => {
      const hit = await newHit(true);
      const size = (await c.h.call('GET', '/v1/log/entries?limit=1', c.auditor)).json.size;
      const refused = await decide(c.ex[0]!, hit, 'match', 'looks alike');
      assert.equal(refused.status, 422);
      assert.equal(refused.json.error.code, 'ABG_ERR_ACKNOWLEDGEMENT_REQUIRED');
      const unchanged = await view(c.ex[0]!, hit);
      assert.deepEqual([unchanged.reviewsIn, unchanged.reviews], [0, []], 'nothing stored');
      assert.deepEqual(await entries('review.decision', hit), []);
      assert.deepEqual(await refusals('review.decision', hit), [[c.exIds[0], 'failed', 'ABG_ERR_ACKNOWLEDGEMENT_REQUIRED']], 'only the refusal is logged');
      assert.equal((await c.h.call('GET', '/v1/log/entries?limit=1', c.auditor)).json.size, size + 1);
      assert.equal((await decide(c.ex[0]!, hit, 'match', 'looks alike', { acknowledgeBelowThreshold: false })).json.error.code, 'ABG_ERR_ACKNOWLEDGEMENT_REQUIRED');

      const ok = await decide(c.ex[0]!, hit, 'match', 'looks alike; below threshold, knowingly', { acknowledgeBelowThreshold: true });
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      assert.equal(ok.json.hit.reviews[0].belowThresholdAcknowledged, true);
      const noMatch = await decide(c.ex[1]!, hit, 'no-match', 'a different person');
      assert.equal(noMatch.status, 200, 'a no-match needs no acknowledgement');
      assert.deepEqual((await entries('review.decision', hit)).map((e: any) => e.reviews[0]).reverse(), [
        { reviewer: c.exIds[0], decision: 'match', belowThreshold: true }, { reviewer: c.exIds[1], decision: 'no-match' },
      ]);
      const tie = await decide(c.ex[2]!, hit, 'match', 'tie-break, knowingly', { acknowledgeBelowThreshold: true });
      assert.equal(tie.json.hit.state, 'confirmed');
      const [concluded] = await entries('hit.concluded', hit);
      assert.deepEqual(concluded.reviews.map((r: any) => r.belowThreshold ?? false), [true, false, true]);
    });
  });
}
