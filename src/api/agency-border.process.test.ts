// Governance at the agency border (issue #18), through a real `abgleich serve` process over HTTP
// with the installed face models on LFW photos and three agencies: A (the host) owns a gallery,
// B searches it and owns a gallery of its own, C searches B's gallery (and A's). Each story ends
// in a coded refusal, and an auditor finds that refusal in the log: outcome, error code and the
// acting agency, as a supervisor looking for misuse would.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { defaultModelId } from '../signals/face/models.ts';
import { form, lfwAbsent, people, photo, purpose as P } from '../../web/e2e/cast.ts';
import { startServer, type TestServer } from '../../web/e2e/server.ts';

type Answer = { status: number; json: any };
type Entry = { payload: string; entry: Record<string, any>; redacted?: string[] };
interface Agency { id: string; admin: string; t: Record<string, string>; ids: Record<string, string> }

describe('governance at the agency border, three agencies, a real server', { skip: lfwAbsent, timeout: 5 * 60_000 }, () => {
  let server: TestServer;
  let a: Agency, b: Agency, c: Agency;
  let aGallery = '', bGallery = '';
  // Story 2 leaves these for story 3.
  let hit = '', disclosure = '';

  async function api(token: string, method: string, path: string, body?: unknown): Promise<Answer> {
    const multipart = body instanceof FormData;
    const r = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body && !multipart ? { 'content-type': 'application/json' } : {}) },
      body: multipart ? body : body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, json: await r.json().catch(() => undefined) };
  }
  /** A 2xx answer's body. */
  async function ok(token: string, method: string, path: string, body?: unknown) {
    const r = await api(token, method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }
  /** A refusal: the status of its code and the code itself. */
  function refused(r: Answer, code: string, status: number) {
    assert.equal(r.json?.error?.code, code, JSON.stringify(r.json));
    assert.equal(r.status, status);
  }
  async function agency(admin: string, id: string, roles: Record<string, string[]>): Promise<Agency> {
    const out: Agency = { id, admin, t: {}, ids: {} };
    for (const [name, rs] of Object.entries(roles)) {
      out.ids[name] = (await ok(admin, 'POST', '/v1/users', { name, roles: rs })).id;
      out.t[name] = (await ok(admin, 'POST', '/v1/tokens', { userId: out.ids[name], label: name })).token;
    }
    return out;
  }
  const gallery = async (admin: string, name: string) =>
    (await ok(admin, 'POST', '/v1/galleries', { name, kind: 'face', legalBasis: 'Police act s. 42', purposes: [P], retentionDays: 3650, modelId: defaultModelId(), thresholdFmr: 1e-3, requiredFpir: 0.05 })).id as string;
  const enroll = async (token: string, galleryId: string, person: string) => {
    const r = await ok(token, 'POST', `/v1/galleries/${galleryId}/enrollments`, form({ source: 'custody photo', subjectRef: person, coreData: JSON.stringify({ name: person.replace('_', ' ') }) }, 'image', photo(person, 0)));
    assert.equal(r.enrolled, 1, JSON.stringify(r));
  };
  const agree = (officer: string, requesterAgencyId: string, galleryId: string) =>
    ok(officer, 'POST', '/v1/agreements', { requesterAgencyId, galleryIds: [galleryId], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'MoU 2026/1' });
  const search = (token: string, galleryId: string, caseRef: string, person: string, purpose = P) =>
    api(token, 'POST', '/v1/searches', form({ purpose, caseRef, authorisationRef: 'AUTH-1', galleryIds: galleryId, mode: 'investigation', topK: '1' }, 'probe', photo(person, 1)));
  /** Log entries as an auditor reads them (own agency, and other agencies' actions about its galleries). */
  async function entries(auditor: string, action: string): Promise<Entry[]> {
    return (await ok(auditor, 'GET', `/v1/log/entries?action=${action}&limit=500`)).entries;
  }
  const summary = (list: Entry[]) => list.map((e) => [e.entry.action, e.entry.outcome, e.entry.reason ?? null, e.entry.actor.agency, e.entry.caseRef]).reverse();

  before(async () => {
    server = await startServer();
    const host = server.adminToken;
    const made = async (name: string) => (await ok(host, 'POST', '/v1/agencies', { name, country: 'DE', adminName: `${name} admin` })) as { agency: { id: string }; admin: { token: string } };
    const [bMade, cMade] = [await made('Agency B'), await made('Agency C')];
    a = await agency(host, (await ok(host, 'GET', '/v1/me')).agencyId, { 'a-op': ['operator'], 'a-officer': ['owner-officer'], 'a-auditor': ['auditor'] });
    b = await agency(bMade.admin.token, bMade.agency.id, { 'b-op': ['operator'], 'b-ex1': ['examiner'], 'b-ex2': ['examiner'], 'b-officer': ['owner-officer'], 'b-auditor': ['auditor'] });
    c = await agency(cMade.admin.token, cMade.agency.id, { 'c-op': ['operator'], 'c-auditor': ['auditor'] });
    aGallery = await gallery(host, 'A wanted persons');
    bGallery = await gallery(b.admin, 'B wanted persons');
    for (const person of people.slice(0, 3)) await enroll(a.t['a-op']!, aGallery, person);
    await enroll(b.t['b-op']!, bGallery, people[3]!);
  });
  after(async () => { await server?.stop(); });

  test('1: B searching A’s gallery without an agreement is refused, logged once as denied, and not counted as a search', async () => {
    refused(await search(b.t['b-op']!, aGallery, 'B-1', people[1]!), 'ABG_ERR_NO_AGREEMENT', 403);
    const ofCase = (list: Entry[]) => list.filter((e) => e.entry.caseRef === 'B-1');
    const seenByB = ofCase(await entries(b.t['b-auditor']!, 'search.'));
    assert.deepEqual(summary(seenByB), [['search.end', 'denied', 'ABG_ERR_NO_AGREEMENT', b.id, 'B-1']], 'one entry, no search.start');
    assert.deepEqual(seenByB[0]!.entry.galleries, [aGallery]);
    // A, the owner (and host), sees the same single refusal of a search of its gallery.
    assert.deepEqual(summary(ofCase(await entries(a.t['a-auditor']!, 'search.'))), summary(seenByB));
    const rows = (await ok(b.t['b-auditor']!, 'GET', '/v1/log/statistics')).rows as Record<string, any>[];
    const mine = rows.filter((r) => r.agency === b.id);
    assert.deepEqual([mine.reduce((s, r) => s + r.searches, 0), mine.reduce((s, r) => s + r.refusals, 0)], [0, 1], JSON.stringify(rows));
    const kinds = (await ok(b.t['b-auditor']!, 'GET', '/v1/log/statistics?view=refusals')).refusals as Record<string, any>[];
    assert.deepEqual(kinds.map((r) => [r.agency, r.gallery, r.action, r.outcome, r.reason, r.count]), [[b.id, aGallery, 'search.end', 'denied', 'ABG_ERR_NO_AGREEMENT', 1]]);
  });

  test('2: under an agreement, blind two-person review, disclosure by A, core data for B’s case only, 1:1 verification by disclosureId', async () => {
    assert.equal((await agree(a.t['a-officer']!, b.id, aGallery)).agreement.ownerAgencyId, a.id);
    const found = await search(b.t['b-op']!, aGallery, 'B-2', people[1]!);
    assert.equal(found.status, 200, JSON.stringify(found.json));
    const top = found.json.galleries[0].candidates[0];
    hit = top.hitId;
    const review = (token: string, note: string) => api(token, 'POST', `/v1/hits/${hit}/reviews`, { decision: 'match', note, acknowledgeBelowThreshold: !top.aboveThreshold });

    assert.equal((await review(b.t['b-ex1']!, 'EX1-NOTE same ear shape')).status, 200);
    // Examiner 2 sees that one examiner decided, not what nor why.
    const blind = await ok(b.t['b-ex2']!, 'GET', `/v1/hits/${hit}`);
    assert.deepEqual([blind.state, blind.reviewsIn, blind.reviews], ['pending', 1, []]);
    const text = JSON.stringify(blind);
    assert.ok(!text.includes('EX1-NOTE') && !text.includes(b.ids['b-ex1']!) && !text.includes('match'), text);
    const second = await review(b.t['b-ex2']!, 'EX2-NOTE independent: same hairline');
    assert.equal(second.json.hit.state, 'confirmed', JSON.stringify(second.json));
    assert.deepEqual(second.json.hit.reviews.map((r: any) => [r.examinerId, r.note]), [[b.ids['b-ex1'], 'EX1-NOTE same ear shape'], [b.ids['b-ex2'], 'EX2-NOTE independent: same hairline']], 'concluded: both visible');

    disclosure = (await ok(b.t['b-op']!, 'POST', `/v1/hits/${hit}/disclosures`, { justification: 'suspect in case B-2' })).disclosure.id;
    await ok(a.t['a-officer']!, 'POST', `/v1/disclosures/${disclosure}/decision`, { approve: true, note: 'justified under the MoU' });
    const core = await ok(b.t['b-op']!, 'GET', `/v1/disclosures/${disclosure}/core-data?caseRef=B-2`);
    assert.deepEqual([core.subjectRef, core.coreData.name, core.onwardTransfer], [people[1], people[1]!.replace('_', ' '), 'prohibited']);

    refused(await api(b.t['b-op']!, 'GET', `/v1/disclosures/${disclosure}/core-data?caseRef=B-OTHER`), 'ABG_ERR_FORBIDDEN', 403);
    const reads = (await entries(b.t['b-auditor']!, 'disclosure.read')).filter((e) => e.entry.object?.id === disclosure);
    assert.deepEqual(summary(reads), [['disclosure.read', 'ok', null, b.id, 'B-2'], ['disclosure.read', 'denied', 'ABG_ERR_FORBIDDEN', b.id, 'B-OTHER']]);

    // The search's probe photo: this person's next LFW photo is a profile, below the quality gate.
    const verified = await ok(b.t['b-op']!, 'POST', '/v1/verifications', form({ purpose: P, caseRef: 'B-2', authorisationRef: 'AUTH-1', disclosureId: disclosure }, 'probe', photo(people[1]!, 1)));
    assert.equal(verified.decision, 'match', JSON.stringify(verified));
  });

  test('3: A erases the subject: B’s core data are gone (refused and logged), B is told, acknowledges, and A sees it', async () => {
    assert.ok(disclosure, 'story 2 disclosed the subject');
    const subject = (await ok(a.t['a-op']!, 'GET', `/v1/galleries/${aGallery}/subjects`)).subjects.find((s: any) => s.ref === people[1]);
    const erased = await ok(a.t['a-op']!, 'DELETE', `/v1/subjects/${subject.id}`, { reason: 'erasure request of the data subject' });
    assert.equal(erased.recipientNotices.length, 1);

    const gone = await api(b.t['b-op']!, 'GET', `/v1/disclosures/${disclosure}/core-data?caseRef=B-2`);
    refused(gone, 'ABG_ERR_SUBJECT_ERASED', 410);
    assert.doesNotMatch(JSON.stringify(gone.json), new RegExp(people[1]!.replace('_', ' ')));
    const reads = (await entries(b.t['b-auditor']!, 'disclosure.read')).filter((e) => e.entry.object?.id === disclosure);
    assert.deepEqual(summary(reads).at(-1), ['disclosure.read', 'denied', 'ABG_ERR_SUBJECT_ERASED', b.id, 'B-2']);

    const open = (await ok(b.t['b-officer']!, 'GET', '/v1/recipient-notices?open=true')).notices as any[];
    assert.deepEqual(open.map((n) => [n.kind, n.direction, n.ownerAgencyId, n.disclosureIds, n.hitIds, n.caseRefs]), [['erasure', 'received', a.id, [disclosure], [hit], ['B-2']]]);
    const ack = await ok(b.t['b-officer']!, 'POST', `/v1/recipient-notices/${open[0].id}/acknowledge`);
    assert.ok(ack.notice.acknowledgedAt);
    assert.deepEqual((await ok(b.t['b-officer']!, 'GET', '/v1/recipient-notices?open=true')).notices, []);
    const sent = (await ok(a.t['a-officer']!, 'GET', '/v1/recipient-notices')).notices as any[];
    assert.deepEqual(sent.map((n) => [n.id, n.direction, n.recipientAgencyId, n.subjectId, n.acknowledgedAt, n.acknowledgedBy]), [[open[0].id, 'sent', b.id, subject.id, ack.notice.acknowledgedAt, b.ids['b-officer']]]);
  });

  test('4: C searches B’s gallery under B’s agreement: B’s auditor sees C’s searches of it without probes, C’s own auditor with them; C’s search of A’s gallery stays C’s', async () => {
    await agree(b.t['b-officer']!, c.id, bGallery);
    await agree(a.t['a-officer']!, c.id, aGallery);
    assert.equal((await search(c.t['c-op']!, bGallery, 'C-B', people[3]!)).status, 200);
    assert.equal((await search(c.t['c-op']!, aGallery, 'C-A', people[0]!)).status, 200);
    refused(await search(c.t['c-op']!, bGallery, 'C-X', people[3]!, 'border-control'), 'ABG_ERR_NO_AGREEMENT', 403);

    const seenByB = (await entries(b.t['b-auditor']!, 'search.')).filter((e) => e.entry.actor.agency === c.id);
    assert.deepEqual(seenByB.map((e) => [e.entry.action, e.entry.outcome, e.entry.reason ?? null, e.entry.purpose, e.entry.caseRef]).reverse(), [
      ['search.start', 'ok', null, P, 'C-B'],
      ['search.end', 'ok', null, P, 'C-B'],
      ['search.end', 'denied', 'ABG_ERR_NO_AGREEMENT', 'border-control', 'C-X'],
    ], 'nothing of C’s search of A’s gallery');
    for (const e of seenByB) {
      assert.deepEqual(e.entry.galleries, [bGallery]);
      assert.equal(e.entry.actor.user, c.ids['c-op']);
      assert.equal(e.entry.probes, undefined);
      assert.doesNotMatch(e.payload, /probes/);
    }
    assert.deepEqual(seenByB.map((e) => e.redacted ?? []).reverse(), [['probes'], ['probes'], []], 'entries that held a probe commitment say it was removed');

    const seenByC = await entries(c.t['c-auditor']!, 'search.start');
    assert.deepEqual(seenByC.map((e) => e.entry.caseRef).sort(), ['C-A', 'C-B']);
    for (const e of seenByC) {
      assert.equal(e.entry.probes?.length, 1, 'C sees its own probe commitments');
      assert.equal(e.redacted, undefined);
    }
  });
});
