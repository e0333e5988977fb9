// Three agencies: B and D own galleries, C searches both under agreements. B's auditor sees C's
// searches of B's gallery (who, purpose, case, outcome, counts) but not C's probe commitments, and
// nothing of C's searches of D's gallery; refused searches end with a search.end entry carrying the
// reason and count as refusals, not as searches. Through the API and the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { runLogCommand } from '../testing/cli-run.ts';
import type { Role } from '../domain/roles.ts';

const P = 'criminal-investigation';
type Entry = { index: number; payload: string; entry: Record<string, any>; redacted?: string[] };

async function agency(h: ApiHarness, name: string, roles: Role[]) {
  const created = await h.call('POST', '/v1/agencies', h.adminToken, { name, adminName: `${name}-admin` });
  const tokens = { admin: created.json.admin.token } as Record<Role, string>;
  const users = {} as Record<Role, string>;
  for (const role of roles) {
    users[role] = (await h.call('POST', '/v1/users', tokens.admin, { name: `${name}-${role}`, roles: [role] })).json.id;
    tokens[role] = (await h.call('POST', '/v1/tokens', tokens.admin, { userId: users[role], label: 't' })).json.token;
  }
  return { id: created.json.agency.id as string, tokens, users };
}

async function ownerWithGallery(h: ApiHarness, name: string, requester: string) {
  const a = await agency(h, name, ['operator', 'owner-officer', 'auditor']);
  const gallery = (await h.call('POST', '/v1/galleries', a.tokens.admin, { name: `${name}-g`, kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 })).json.id as string;
  for (let i = 0; i < 3; i++) {
    const r = await h.upload(`/v1/galleries/${gallery}/enrollments`, a.tokens.operator, { source: 's', subjectRef: `${name}-${i}` }, [{ field: 'image', name: 'i.jpg', data: fakeImage({ face: `${name}${i}` }) }]);
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
  const agreed = await h.call('POST', '/v1/agreements', a.tokens['owner-officer'], { requesterAgencyId: requester, galleryIds: [gallery], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'r' });
  assert.equal(agreed.status, 201, JSON.stringify(agreed.json));
  return { ...a, gallery };
}

test("an owner's auditor sees other agencies' actions about its galleries without their probes; refusals end searches and count as refusals", async () => {
  const h = await apiHarness();
  try {
    const c = await agency(h, 'C', ['operator', 'examiner', 'auditor']);
    const b = await ownerWithGallery(h, 'B', c.id);
    const d = await ownerWithGallery(h, 'D', c.id);
    const search = (galleryIds: string, face: { face: string; quality?: number }, caseRef: string) =>
      h.upload('/v1/searches', c.tokens.operator, { purpose: P, caseRef, authorisationRef: 'A-1', galleryIds, mode: 'investigation' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage(face) }]);

    const found = await search(b.gallery, { face: 'B0' }, 'CASE-B');
    assert.equal(found.status, 200);
    assert.equal((await search(d.gallery, { face: 'D0' }, 'CASE-D')).status, 200);
    // Refused after its start (quality gate) and before it (no agreement: B's gallery, another purpose is not agreed).
    const poor = await search(b.gallery, { face: 'B1', quality: 10 }, 'CASE-POOR');
    assert.equal(poor.json.error.code, 'ABG_ERR_QUALITY_TOO_LOW');
    const unagreed = await h.upload('/v1/searches', c.tokens.operator, { purpose: 'border-control', caseRef: 'CASE-X', authorisationRef: 'A-1', galleryIds: b.gallery, mode: 'investigation' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face: 'B0' }) }]);
    assert.equal(unagreed.json.error.code, 'ABG_ERR_NO_AGREEMENT');

    // A review of a hit in B's gallery, and a disclosure request refused before the hit is confirmed.
    const hit = found.json.galleries[0].candidates[0].hitId;
    assert.equal((await h.call('POST', `/v1/hits/${hit}/reviews`, c.tokens.examiner, { decision: 'match', note: 'n' })).status, 200);
    const early = await h.call('POST', `/v1/hits/${hit}/disclosures`, c.tokens.examiner, { justification: 'j' });
    assert.equal(early.json.error.code, 'ABG_ERR_HIT_NOT_CONFIRMED');

    const entries = async (token: string, query = '') => {
      const r = await h.call('GET', `/v1/log/entries?limit=500${query}`, token);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return r.json.entries as Entry[];
    };
    const ofC = (list: Entry[]) => list.filter((e) => e.entry.actor.agency === c.id);

    // B's auditor: C's searches of B's gallery, with case, purpose, outcome and counts, no probes.
    const all = ofC(await entries(b.tokens.auditor));
    assert.deepEqual(all.filter((e) => !e.entry.action.startsWith('search.')).map((e) => [e.entry.action, e.entry.outcome, e.entry.caseRef, e.entry.reason ?? null]).reverse(), [
      ['review.decision', 'ok', 'CASE-B', null],
      ['disclosure.request', 'failed', 'CASE-B', 'ABG_ERR_HIT_NOT_CONFIRMED'],
    ]);
    const seenByB = all.filter((e) => e.entry.action.startsWith('search.'));
    assert.deepEqual(seenByB.map((e) => [e.entry.action, e.entry.outcome, e.entry.caseRef, e.entry.reason ?? null]).reverse(), [
      ['search.start', 'ok', 'CASE-B', null],
      ['search.end', 'ok', 'CASE-B', null],
      ['search.start', 'ok', 'CASE-POOR', null],
      ['search.end', 'failed', 'CASE-POOR', 'ABG_ERR_QUALITY_TOO_LOW'],
      ['search.end', 'denied', 'CASE-X', 'ABG_ERR_NO_AGREEMENT'],
    ]);
    for (const e of seenByB) {
      assert.ok(e.entry.galleries.includes(b.gallery));
      assert.equal(e.entry.actor.user, c.users.operator);
      assert.equal(e.entry.probes, undefined);
      assert.doesNotMatch(e.payload, /probes/);
    }
    // Entries that held a probe commitment say so; refusal entries never held one.
    assert.deepEqual(seenByB.filter((e) => e.redacted?.includes('probes')).map((e) => `${e.entry.action} ${e.entry.caseRef}`).reverse(), ['search.start CASE-B', 'search.end CASE-B', 'search.start CASE-POOR']);
    assert.equal(seenByB.find((e) => e.entry.action === 'search.end' && e.entry.outcome === 'ok')!.entry.result.counts.candidates, 3);
    // The failed search names the search it ended.
    const failedEnd = seenByB.find((e) => e.entry.outcome === 'failed')!.entry;
    const poorStart = seenByB.find((e) => e.entry.caseRef === 'CASE-POOR' && e.entry.action === 'search.start')!.entry;
    assert.deepEqual(failedEnd.object, poorStart.object);
    // C's own auditor sees the same searches with their probe commitments, and D's too.
    const seenByC = await entries(c.tokens.auditor);
    assert.ok(seenByC.filter((e) => e.entry.action === 'search.start').every((e) => e.entry.probes?.length === 1 && !e.redacted));
    assert.ok(seenByC.some((e) => e.entry.caseRef === 'CASE-D'));
    assert.equal(ofC(await entries(d.tokens.auditor)).filter((e) => e.entry.caseRef !== 'CASE-D').length, 0, "D's auditor sees nothing of C's searches of B");

    // Statistics: one completed search of B's gallery, two refusals; nothing of D's gallery.
    const stats = (await h.call('GET', '/v1/log/statistics', b.tokens.auditor)).json.rows as Record<string, any>[];
    const cRows = stats.filter((r) => r.agency === c.id);
    assert.deepEqual(cRows.map((r) => [r.gallery, r.purpose, r.searches, r.candidates, r.refusals]).sort(), [
      [b.gallery, 'border-control', 0, 0, 1],
      [b.gallery, P, 1, 3, 2],
    ]);
    const refusals = (await h.call('GET', '/v1/log/statistics?view=refusals', b.tokens.auditor)).json.refusals as Record<string, any>[];
    assert.deepEqual(refusals.filter((r) => r.agency === c.id).map((r) => [r.gallery, r.action, r.outcome, r.reason, r.count]), [
      [b.gallery, 'disclosure.request', 'failed', 'ABG_ERR_HIT_NOT_CONFIRMED', 1],
      [b.gallery, 'search.end', 'denied', 'ABG_ERR_NO_AGREEMENT', 1],
      [b.gallery, 'search.end', 'failed', 'ABG_ERR_QUALITY_TOO_LOW', 1],
    ]);
    const csv = await h.call('GET', '/v1/log/statistics?view=refusals&format=csv', b.tokens.auditor);
    assert.match(String(csv.json), /^agency,gallery,action,outcome,reason,period,count\r\n/);
    // C's own statistics: two completed searches (B and D), never the start of the refused one.
    const cTotal = ((await h.call('GET', '/v1/log/statistics', c.tokens.auditor)).json.rows as Record<string, any>[]).reduce((s, r) => s + r.searches, 0);
    assert.equal(cTotal, 2);

    // The CLI shows the same to B's auditor, through this server on a loopback socket.
    const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const cli = await runLogCommand(['log', 'entries', '--server', url, '--token', b.tokens.auditor, '--action', 'search.', '--format', 'json']);
    assert.equal(cli.code, 0, cli.err);
    const page = JSON.parse(cli.out);
    assert.equal(page.entries.filter((e: Entry) => e.entry.actor.agency === c.id).length, 5);
    assert.doesNotMatch(cli.out, /"probes":\[|[0-9a-f]{64}/, 'no probe commitment reaches the owner');
    const table = await runLogCommand(['log', 'entries', '--server', url, '--token', b.tokens.auditor, '--action', 'search.end']);
    assert.match(table.out, /search\.end\s+failed\s+ABG_ERR_QUALITY_TOO_LOW/);
    const refusalTable = await runLogCommand(['stats', '--server', url, '--token', b.tokens.auditor, '--refusals']);
    assert.equal(refusalTable.code, 0, refusalTable.err);
    assert.match(refusalTable.out, /search\.end\s+denied\s+ABG_ERR_NO_AGREEMENT/);
    assert.match(refusalTable.out.trimEnd().split('\n').at(-1)!, /^total\s+3$/);
  } finally {
    await h.close();
  }
});
