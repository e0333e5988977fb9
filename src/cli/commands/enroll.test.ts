// `abgleich enroll` against a server: folders of face images uploaded one per request, references
// from the folder or the manifest; the manifest is checked with the API's schema first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../../testing/server-process.ts';
import { lfwAbsent, lfwImage } from '../../testing/face-test-data.ts';
import { faceModels } from '../../signals/face/models.ts';
import { ansiNist, ansiNistAbsent } from '../../testing/exchange-test-data.ts';

let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ agency: 'LKA', admin: 'alice' });
});
after(() => server?.stop());

test('abgleich enroll refuses a manifest with unknown core-data keys, as the API does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-enroll-cli-'));
  try {
    const cli = (args: string[]) => server.cli(args);
    writeFileSync(join(dir, 'a.jpg'), new Uint8Array([0xff, 0xd8, 0xff]));
    const enroll = (manifest: unknown) => {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      return cli(['enroll', 'some-gallery', join(dir, 'a.jpg'), '--source', 'test', '--manifest', join(dir, 'manifest.json')]);
    };
    const unknownKey = enroll({ 'a.jpg': { subjectRef: 'S-1', coreData: { name: 'X', shoeSize: '44' } } });
    assert.equal(unknownKey.status, 1);
    assert.match(unknownKey.stderr, /ABG_ERR_VALIDATION: .*manifest: a\.jpg\.coreData: .*shoeSize/);
    const notJson = cli(['enroll', 'some-gallery', join(dir, 'a.jpg'), '--source', 'test', '--manifest', join(dir, 'a.jpg')]);
    assert.match(notJson.stderr, /ABG_ERR_VALIDATION: .*manifest is not valid JSON/);
    const known = enroll({ 'a.jpg': { subjectRef: 'S-1', coreData: { name: 'X' } } });
    assert.match(known.stderr, /ABG_ERR_NOT_FOUND: .*Gallery some-gallery/, 'a valid manifest passes on to the gallery lookup');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('abgleich enroll uploads a folder per subject: one JSON line per file, refused files on their own line, progress on stderr', { skip: lfwAbsent }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-enroll-ok-'));
  try {
    const face = ['--kind', 'face', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation', '--model', faceModels()[0]!.id];
    assert.equal(server.cli(['gallery', 'create', 'Mugshots', ...face]).status, 0);
    for (const [ref, name] of [['S-1', 'George_W_Bush'], ['S-2', 'Colin_Powell']] as const) {
      mkdirSync(join(dir, 'intake', ref), { recursive: true });
      copyFileSync(lfwImage(name, 1), join(dir, 'intake', ref, `${name}.jpg`));
    }
    writeFileSync(join(dir, 'intake', 'S-2', 'empty.jpg'), new Uint8Array());
    const r = server.cli(['enroll', 'mugshots', join(dir, 'intake'), '--source', 'custody 2026-03']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = lines.pop();
    assert.deepEqual(lines.map((l) => [l.file.split('/').slice(-2).join('/'), l.ok, l.ok ? l.subjectRef : l.code]), [
      ['S-1/George_W_Bush.jpg', true, 'S-1'],
      ['S-2/Colin_Powell.jpg', true, 'S-2'],
      ['S-2/empty.jpg', false, 'ABG_ERR_EMPTY_FILE'],
    ]);
    assert.deepEqual(summary, { enrolled: 2, refused: 1 });
    assert.match(r.stderr, /enroll \[#+\] 3\/3 100%/);
    const subjects = server.cli(['subject', 'list', 'Mugshots', '--json']);
    assert.deepEqual(JSON.parse(subjects.stdout).map((x: { ref: string }) => x.ref).sort(), ['S-1', 'S-2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('abgleich enroll takes an ANSI/NIST-ITL transaction: the record brings its own reference, no manifest needed', { skip: ansiNistAbsent }, () => {
  const made = server.cli(['gallery', 'create', 'Exchange', '--kind', 'face', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation', '--json']);
  assert.equal(made.status, 0, made.stderr);
  const r = server.cli(['enroll', 'Exchange', `${ansiNist}nbis/face_jpb.an2`, '--source', 'NBIS sample', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ok?: boolean; subjectRef?: string; enrolled?: number });
  assert.equal(lines.at(-1)!.enrolled, 1, r.stdout);
  assert.ok(lines[0]!.ok && lines[0]!.subjectRef, `the transaction's own reference, not the folder name: ${r.stdout}`);
  assert.notEqual(lines[0]!.subjectRef, 'nbis');
});
