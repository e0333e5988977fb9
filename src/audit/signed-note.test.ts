import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbgError } from '../domain/errors.ts';
import { checkpointBody, openCheckpoint, parseCheckpointBody, signCheckpoint } from './checkpoint.ts';
import { generateSignerKey, keyIdOf, openNote, parseSignerKey, parseVerifierKey, signNote } from './signed-note.ts';

// The worked example of the Go note package and of c2sp.org/signed-note (public test key).
const exampleSkey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const exampleText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const exampleSig = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

test('signing the published example note reproduces its signature line byte for byte', () => {
  const signer = parseSignerKey(exampleSkey);
  assert.equal(signer.keyId.toString('hex'), 'c74f20a3');
  assert.equal(signNote(exampleText, signer), `${exampleText}\n${exampleSig}`);
  const verifier = parseVerifierKey(signer.verifierKey);
  assert.equal(openNote(`${exampleText}\n${exampleSig}`, verifier), exampleText);
});

test('a changed text, a foreign key or a malformed signature line does not open', () => {
  const signer = parseSignerKey(generateSignerKey('abgleich.example/log'));
  const verifier = parseVerifierKey(signer.verifierKey);
  const note = signNote('hello\nworld\n', signer);
  assert.equal(openNote(note, verifier), 'hello\nworld\n');
  assert.equal(openNote(note.replace('world', 'w0rld'), verifier), null);
  assert.equal(openNote(note, parseVerifierKey(parseSignerKey(generateSignerKey('abgleich.example/log')).verifierKey)), null);
  assert.equal(openNote(note.replace('\u2014', '-'), verifier), null);
  // Change the signature's last data character to a different one (a fixed replacement would
  // leave the note unchanged whenever the signature already ended in it).
  const last = note.slice(-3, -2);
  assert.equal(openNote(note.slice(0, -3) + (last === 'A' ? 'E' : 'A') + '=\n', verifier), null);
});

test('key ids follow c2sp.org/signed-note and bad keys are refused', () => {
  const signer = parseSignerKey(exampleSkey);
  const pub = Buffer.from(signer.verifierKey.split('+')[2]!, 'base64').subarray(1);
  assert.deepEqual(keyIdOf('PeterNeumann', pub), signer.keyId);
  assert.throws(() => generateSignerKey('has space'), AbgError);
  assert.throws(() => parseSignerKey(exampleSkey.replace('c74f20a3', 'c74f20a4')), AbgError);
  assert.throws(() => parseVerifierKey('name+00000000+AAAA'), AbgError);
});

test('a checkpoint round-trips through its signed note and rejects a changed size or root', () => {
  const signer = parseSignerKey(generateSignerKey('abgleich.example/log'));
  const verifier = parseVerifierKey(signer.verifierKey);
  const cp = { origin: 'abgleich.example/log', size: 42, rootHash: Buffer.alloc(32, 7) };
  const note = signCheckpoint(cp, signer);
  assert.ok(note.startsWith(`abgleich.example/log\n42\n${Buffer.alloc(32, 7).toString('base64')}\n\n\u2014 abgleich.example/log `));
  assert.deepEqual(openCheckpoint(note, verifier), cp);
  assert.equal(openCheckpoint(note.replace('\n42\n', '\n43\n'), verifier), null);
  assert.equal(parseCheckpointBody(checkpointBody(cp).replace('42', '042')), null);
  assert.equal(parseCheckpointBody('o\n1\nAAAA\n'), null);
});
