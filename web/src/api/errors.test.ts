import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorFromResponse, toApiError, uiCodes } from './errors.ts';

test("a server error keeps its code, message, request id and validation issues", () => {
  const e = errorFromResponse(400, {
    error: { code: 'ABG_ERR_VALIDATION', message: '/purposes/0: bad', requestId: 'r1', details: { issues: [{ path: '/purposes/0', message: 'bad' }, { nonsense: 1 }] } },
  });
  assert.deepEqual([e.code, e.message, e.status, e.requestId, e.endsSession], ['ABG_ERR_VALIDATION', '/purposes/0: bad', 400, 'r1', false]);
  assert.deepEqual(e.issues, [{ path: '/purposes/0', message: 'bad' }]);
});

test('a refused token ends the session whatever its code', () => {
  assert.equal(errorFromResponse(401, { error: { code: 'ABG_ERR_TOKEN_EXPIRED', message: 'x', requestId: 'r' } }).endsSession, true);
  assert.equal(errorFromResponse(403, { error: { code: 'ABG_ERR_FORBIDDEN', message: 'x', requestId: 'r' } }).endsSession, false);
});

test('answers without a coded body, failed fetches and crashes get UI codes', () => {
  assert.equal(errorFromResponse(502, '<html>Bad gateway</html>').code, uiCodes.badResponse);
  assert.equal(errorFromResponse(502, '<html>Bad gateway</html>').message, 'HTTP 502');
  assert.equal(toApiError(new TypeError('Failed to fetch')).code, uiCodes.network);
  assert.equal(toApiError(new Error('boom')).code, uiCodes.crash);
  const original = errorFromResponse(409, { error: { code: 'ABG_ERR_CONFLICT', message: 'x', requestId: 'r' } });
  assert.equal(toApiError(original), original);
});
