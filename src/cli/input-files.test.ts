// A file named on the command line that is missing or cannot be read is a coded error on one line,
// through real processes: the probe of a search, the images and manifest of an enrollment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../testing/server-process.ts';
import { faceModels } from '../signals/face/models.ts';

const oneCodedLine = (r: { status: number | null; stderr: string }, code: string, path: string) => {
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^error ${code}: .*${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /ABG_ERR_INTERNAL|\n\s+at /);
};

test('a missing or unreadable probe, image or manifest is ABG_ERR_FILE_NOT_FOUND or ABG_ERR_FILE_UNREADABLE, not ABG_ERR_INTERNAL', async () => {
  const server = await startServerProcess({ agency: 'LKA', admin: 'alice' });
  const dir = mkdtempSync(join(tmpdir(), 'abg-files-cli-'));
  try {
    const cli = (args: string[]) => server.cli(args);
    const missing = join(dir, 'no-such-probe.jpg');
    const search = ['--purpose', 'criminal-investigation', '--case', 'C-1', '--authorisation', 'A-1'];

    oneCodedLine(cli(['search', missing, ...search]), 'ABG_ERR_FILE_NOT_FOUND', missing);
    oneCodedLine(cli(['search', dir, ...search]), 'ABG_ERR_FILE_UNREADABLE', dir);
    const inJson = cli(['search', missing, ...search, '--json']);
    assert.equal(JSON.parse(inJson.stderr).error.code, 'ABG_ERR_FILE_NOT_FOUND');

    const gallery = cli(['gallery', 'create', 'Mugshots', '--kind', 'face', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation', '--model', faceModels()[0]!.id]);
    assert.equal(gallery.status, 0, gallery.stderr);
    const image = join(dir, 'intake', 'S-1', 'a.jpg');
    oneCodedLine(cli(['enroll', 'Mugshots', image, '--source', 'test']), 'ABG_ERR_FILE_NOT_FOUND', image);
    writeFileSync(join(dir, 'a.jpg'), new Uint8Array([0xff, 0xd8, 0xff]));
    const manifest = join(dir, 'manifest.json');
    oneCodedLine(cli(['enroll', 'Mugshots', join(dir, 'a.jpg'), '--source', 'test', '--manifest', manifest]), 'ABG_ERR_FILE_NOT_FOUND', manifest);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
