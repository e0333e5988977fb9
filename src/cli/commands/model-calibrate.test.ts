// `abgleich model calibrate` through real processes over a fresh data directory: a set that is
// too small is refused with its code and leaves the model uncalibrated; a labelled folder from
// LFW calibrates it, with progress on stderr, the declaration and the DET curve written out and
// the calibration listed by `model list`.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../testing/cli-process.ts';
import { lfwAbsent } from '../../testing/face-test-data.ts';
import { lfwLabelledFolder } from '../../testing/lfw-labelled-folder.ts';
import { writeTinyFaceModel } from '../../testing/tiny-onnx-model.ts';

describe('abgleich model calibrate', { skip: lfwAbsent, timeout: 5 * 60_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'abg-cli-calib-'));
  const data = join(root, 'data');
  after(() => rmSync(root, { recursive: true, force: true }));

  const people = (n: number, each: number) => lfwLabelledFolder(join(root, `set-${n}`), n, each);
  const listed = () => (JSON.parse(runCli(['model', 'list', '--data', data, '--json']).stdout) as { alias: string; calibration: { impostorComparisons: number } | null }[]).find((m) => m.alias === 'tiny')!;

  test('too small a set is refused; a labelled folder calibrates the model', () => {
    mkdirSync(join(root, 'vendor'));
    const add = runCli(['model', 'add', writeTinyFaceModel(join(root, 'vendor')).manifestPath, '--data', data]);
    assert.equal(add.status, 0, add.stderr);

    const small = runCli(['model', 'calibrate', 'tiny', people(4, 3), '--data', data]);
    assert.equal(small.status, 1);
    assert.match(small.stderr, /ABG_ERR_CALIBRATION_TOO_SMALL/);
    assert.match(small.stderr, /minimum is 10 people/);
    assert.equal(listed().calibration, null);

    const out = join(root, 'declaration.md'), det = join(root, 'det.svg');
    const r = runCli(['model', 'calibrate', 'tiny', people(12, 3), '--data', data, '--out', out, '--det', det]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /embedded 36\/36/);
    assert.match(r.stdout, /36 genuine, 594 impostor comparisons/);
    assert.match(r.stdout, /FMR 0\.0001: not supported by 594 impostor comparisons/);
    assert.match(readFileSync(out, 'utf8'), /^# Accuracy declaration: abgleich-test\/tiny-face@1\.0/);
    assert.ok(existsSync(det) && readFileSync(det, 'utf8').startsWith('<svg'));
    assert.equal(listed().calibration?.impostorComparisons, 594);
  });
});
