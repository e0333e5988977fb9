import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../domain/entities.ts';
import type { AuditEvent } from '../services/ports/audit-trail.ts';
import { openStore } from '../store/kysely/kysely-store.ts';
import { AuditLog } from './audit-log.ts';
import { entryForEvent, LogAuditTrail } from './log-audit-trail.ts';
import { generateSignerKey, parseSignerKey } from './signed-note.ts';
import { computeStatisticsFrom, totals } from './statistics.ts';

const operator: Actor = { userId: 'op-1', agencyId: 'req', roles: ['operator', 'examiner'], hostAgency: false };
const examiner: Actor = { userId: 'ex-1', agencyId: 'req', roles: ['examiner'], hostAgency: false };
const officer: Actor = { userId: 'oo-1', agencyId: 'own', roles: ['owner-officer', 'admin'], hostAgency: false };
const commitment = 'ab'.repeat(32);

// The events the workflow services emit, in their own vocabulary.
const events: AuditEvent[] = [
  { action: 'search.start', actor: operator, purpose: 'criminal-investigation', caseRef: 'c-1', authorisationRef: 'a-1', galleries: ['g1', 'g2'], probeCommitment: commitment, result: { searchId: 's-1', mode: 'identification' } },
  { action: 'search.end', actor: operator, purpose: 'criminal-investigation', caseRef: 'c-1', authorisationRef: 'a-1', galleries: ['g1', 'g2'], probeCommitment: commitment, result: { searchId: 's-1', mode: 'identification', candidates: 3, potentialHits: ['h-1', 'h-2', 'h-3'], perGallery: { g1: 2, g2: 1 } } },
  { action: 'review.decision', actor: examiner, galleries: ['g1'], result: { hitId: 'h-1', decision: 'match', reviewNumber: 1, reviewsRequired: 2, outcome: 'pending', reviewers: ['ex-1'] } },
  { action: 'review.decision', actor: operator, galleries: ['g1'], result: { hitId: 'h-1', decision: 'match', reviewNumber: 2, reviewsRequired: 2, outcome: 'confirmed', reviewers: ['ex-1', 'op-1'] } },
  { action: 'disclosure.request', actor: operator, caseRef: 'c-1', purpose: 'criminal-investigation', galleries: ['g1'], result: { disclosureId: 'd-1', hitId: 'h-1' } },
  { action: 'disclosure.approve', actor: officer, caseRef: 'c-1', result: { disclosureId: 'd-1', hitId: 'h-1', recipients: ['req'] } },
  { action: 'disclosure.read', actor: operator, caseRef: 'c-1', result: { disclosureId: 'd-1', hitId: 'h-1', recipients: ['req'] } },
  { action: 'erasure', actor: null, galleries: ['g1'], result: { subjectId: 'sub-9', samplesRemoved: 2, reason: 'retention' } },
];

test('service events become log entries in the statistics vocabulary, with the role the action was done in', () => {
  const [start, end, , concluded, , approve, read, erasure] = events.map(entryForEvent);
  assert.deepEqual(start!.probes, [commitment]);
  assert.equal(start!.actor.role, 'operator');
  assert.deepEqual(end!.result?.byGallery, { g1: { candidates: 2 }, g2: { candidates: 1 } });
  assert.equal(concluded!.actor.role, 'examiner', 'an operator-examiner reviews as examiner');
  assert.equal(concluded!.result?.hitState, 'confirmed');
  assert.deepEqual(concluded!.object, { type: 'hit', id: 'h-1' });
  assert.equal(approve!.action, 'disclosure.decision');
  assert.equal(approve!.decision, 'approved');
  assert.equal(approve!.actor.role, 'owner-officer');
  assert.deepEqual(approve!.recipients, ['req']);
  assert.deepEqual(read!.object, { type: 'disclosure', id: 'd-1' });
  assert.deepEqual(erasure!.actor, { user: 'system', agency: 'system', role: 'system' });
});

test('LogAuditTrail appends inside the service transaction; a rolled-back transaction leaves no entry', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-trail-'));
  const store = await openStore({ dialect: 'sqlite', file: join(dir, 'a.db') });
  try {
    const log = new AuditLog({ store: store.audit, signer: parseSignerKey(generateSignerKey('trail.test/log')) });
    const trail = new LogAuditTrail(log);
    const indexes: number[] = [];
    for (const e of events) indexes.push(await store.transaction((tx) => trail.append(e, tx)));
    assert.deepEqual(indexes, events.map((_, i) => i));
    await assert.rejects(store.transaction(async (tx) => {
      await trail.append(events[0]!, tx);
      throw new Error('the search failed after logging its start');
    }));
    assert.equal(await log.size(), events.length);
    const rows = await computeStatisticsFrom(log.entries());
    // Review events carry no purpose, so their counts land in the "(none)" purpose row.
    const g1 = totals(rows.filter((r) => r.agency === 'req' && r.gallery === 'g1'));
    assert.equal(g1.searches, 1);
    assert.equal(g1.candidates, 2);
    assert.equal(g1.confirmedHits, 1);
    assert.equal(rows.find((r) => r.agency === 'own')?.disclosuresApproved, 1);
    assert.equal(rows.find((r) => r.agency === 'system')?.erasures, 1);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
