import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hitOutcome } from './workflow.ts';

test('two agreeing examiners conclude a hit; fewer leave it pending', () => {
  for (const rule of ['third-examiner', 'inconclusive'] as const) {
    assert.equal(hitOutcome(['match'], 2, rule), null);
    assert.equal(hitOutcome(['match', 'match'], 2, rule), 'confirmed');
    assert.equal(hitOutcome(['no-match', 'no-match'], 2, rule), 'rejected');
    assert.equal(hitOutcome(['match', 'inconclusive'], 2, rule), 'inconclusive', 'only match against no-match is a split');
    assert.equal(hitOutcome(['no-match'], 1, rule), 'rejected');
  }
});

test('a split waits for a third examiner, whose decision concludes it, or is inconclusive at once', () => {
  assert.equal(hitOutcome(['match', 'no-match'], 2, 'third-examiner'), null);
  assert.equal(hitOutcome(['no-match', 'match', 'match'], 2, 'third-examiner'), 'confirmed');
  assert.equal(hitOutcome(['match', 'no-match', 'no-match'], 2, 'third-examiner'), 'rejected');
  assert.equal(hitOutcome(['match', 'no-match', 'inconclusive'], 2, 'third-examiner'), 'inconclusive');
  assert.equal(hitOutcome(['match', 'no-match'], 2, 'inconclusive'), 'inconclusive');
});
