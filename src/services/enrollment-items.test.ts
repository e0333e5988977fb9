import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enrollmentItem, manifestEntryOf } from './enrollment-items.ts';

const image = new Uint8Array([1]);

test('manifest entries are found by file name, then base name, never through the prototype', () => {
  const manifest = { 'a.jpg': { subjectRef: 'A' }, 'dir/b.jpg': { subjectRef: 'B' } };
  assert.equal(manifestEntryOf(manifest, 'x/y/a.jpg')?.subjectRef, 'A');
  assert.equal(manifestEntryOf(manifest, 'dir/b.jpg')?.subjectRef, 'B');
  assert.equal(manifestEntryOf(manifest, 'b.jpg'), undefined);
  assert.equal(manifestEntryOf(manifest, 'constructor'), undefined);
});

test("an entry's source and capture date win over the batch's; no entry gives an empty reference", () => {
  const batch = { source: 'seized', captureDate: '2026-01-01', legalBasis: 'StPO' };
  assert.deepEqual(enrollmentItem({ fileName: 'a.jpg', image }, batch, { subjectRef: 'A', coreData: { name: 'N' }, source: 'camera', captureDate: '2025-05-05' }), {
    fileName: 'a.jpg', image, subjectRef: 'A', coreData: { name: 'N' }, provenance: { source: 'camera', captureDate: '2025-05-05', legalBasis: 'StPO' },
  });
  assert.deepEqual(enrollmentItem({ fileName: 'b.jpg', image }, { source: 'seized' }, undefined), {
    fileName: 'b.jpg', image, subjectRef: '', provenance: { source: 'seized', captureDate: null },
  });
});
