// `abgleich enroll --manifest` checks the manifest with the API's schema: unknown core-data keys are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../../testing/server-process.ts';

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
