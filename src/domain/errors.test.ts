import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AbgError, errorRegistry, fail } from './errors.ts';

test('every error code is documented in docs/api.md', () => {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const missing = Object.keys(errorRegistry).filter((code) => !doc.includes(`\`${code}\``));
  assert.deepEqual(missing, [], `undocumented error codes: ${missing.join(', ')}`);
});

test('every code follows the ABG_ERR_ pattern and has an HTTP status and an actionable message', () => {
  for (const [code, spec] of Object.entries(errorRegistry)) {
    assert.match(code, /^ABG_ERR_[A-Z0-9_]+$/);
    assert.ok(spec.status >= 400 && spec.status < 600, code);
    assert.ok(spec.message.length > 15, code);
  }
});

test('fail throws an AbgError carrying code, status and details', () => {
  assert.throws(
    () => fail('ABG_ERR_NOT_FOUND', 'Gallery g1.', { id: 'g1' }),
    (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_NOT_FOUND' && e.status === 404 && e.details?.id === 'g1',
  );
});
