// `abgleich enroll --manifest` checks the manifest with the API's schema: unknown core-data keys are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/abgleich.js', import.meta.url));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

test('abgleich enroll refuses a manifest with unknown core-data keys, as the API does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-enroll-cli-'));
  try {
    const data = join(dir, 'data');
    const init = cli(['init', '--data', data, '--agency', 'LKA', '--admin', 'alice', '--json']);
    assert.equal(init.status, 0, init.stderr);
    const env = { ABGLEICH_TOKEN: JSON.parse(init.stdout.trim()).token };
    writeFileSync(join(dir, 'a.jpg'), new Uint8Array([0xff, 0xd8, 0xff]));
    const enroll = (manifest: unknown) => {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      return cli(['enroll', 'some-gallery', join(dir, 'a.jpg'), '--data', data, '--source', 'test', '--manifest', join(dir, 'manifest.json')], env);
    };
    const unknownKey = enroll({ 'a.jpg': { subjectRef: 'S-1', coreData: { name: 'X', shoeSize: '44' } } });
    assert.equal(unknownKey.status, 1);
    assert.match(unknownKey.stderr, /ABG_ERR_VALIDATION: .*manifest: a\.jpg\.coreData: .*shoeSize/);
    const notJson = cli(['enroll', 'some-gallery', join(dir, 'a.jpg'), '--data', data, '--source', 'test', '--manifest', join(dir, 'a.jpg')], env);
    assert.match(notJson.stderr, /ABG_ERR_VALIDATION: .*manifest is not valid JSON/);
    const known = enroll({ 'a.jpg': { subjectRef: 'S-1', coreData: { name: 'X' } } });
    assert.match(known.stderr, /ABG_ERR_NOT_FOUND: .*Gallery some-gallery/, 'a valid manifest passes on to the gallery lookup');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
