import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Envelope } from './envelope.ts';
import { AbgError } from '../domain/errors.ts';

test('seal/open round trip; wrong context or key fails; a lost wrapped key makes data unreadable', () => {
  const env = new Envelope(randomBytes(32), randomBytes(32));
  const k = env.newDataKey('subject:1');
  const sealed = env.seal(k.plain, Buffer.from('Jane Doe'), 'core:1');
  assert.equal(env.open(env.unwrap(k.wrapped, 'subject:1'), sealed, 'core:1').toString(), 'Jane Doe');
  assert.throws(() => env.open(k.plain, sealed, 'core:2'));
  assert.throws(() => env.unwrap(k.wrapped, 'subject:2'), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_KEY_MISSING');
  const other = new Envelope(randomBytes(32), randomBytes(32));
  assert.throws(() => other.unwrap(k.wrapped, 'subject:1'));
  assert.ok(!sealed.includes(Buffer.from('Jane Doe').toString('base64')));
});

test('commitments are keyed: same data, same key → same; other key → different', () => {
  const key = randomBytes(32);
  const a = new Envelope(randomBytes(32), key);
  const b = new Envelope(randomBytes(32), key);
  const c = new Envelope(randomBytes(32), randomBytes(32));
  const probe = Buffer.from('probe bytes');
  assert.equal(a.commit(probe), b.commit(probe));
  assert.notEqual(a.commit(probe), c.commit(probe));
});
