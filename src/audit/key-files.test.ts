import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbgError } from '../domain/errors.ts';
import { Envelope } from '../services/envelope.ts';
import { loadOrCreateCommitmentSecret, loadOrCreateSigner } from './key-files.ts';

test('the signing key is created once, owner-only, and the same key is read back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-keys-'));
  try {
    const file = join(dir, 'keys', 'log-signing.key');
    const a = loadOrCreateSigner(file, 'abgleich.test/log');
    const b = loadOrCreateSigner(file, 'ignored-once-the-key-exists');
    assert.equal(a.verifierKey, b.verifierKey);
    assert.equal(b.name, 'abgleich.test/log');
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    writeFileSync(join(dir, 'bad.key'), 'not a key\n');
    assert.throws(() => loadOrCreateSigner(join(dir, 'bad.key'), 'x'), AbgError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the commitment secret is created once and read back; commitments under it are stable and differ under another secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-keys-'));
  try {
    const s1 = loadOrCreateCommitmentSecret(join(dir, 'commit.secret'));
    assert.deepEqual(loadOrCreateCommitmentSecret(join(dir, 'commit.secret')), s1);
    const s2 = loadOrCreateCommitmentSecret(join(dir, 'other.secret'));
    const probe = Buffer.from('jpeg bytes of a probe image');
    const master = Buffer.alloc(32, 1);
    const commit = (secret: Buffer) => new Envelope(master, secret).commit(probe);
    assert.equal(commit(s1), commit(loadOrCreateCommitmentSecret(join(dir, 'commit.secret'))));
    assert.notEqual(commit(s1), commit(s2));
    assert.match(commit(s1), /^[0-9a-f]{64}$/);
    assert.equal(s1.length, 32);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
