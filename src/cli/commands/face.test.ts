import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerFaceCommands } from './face.ts';
import { runCli } from '../../testing/cli-process.ts';
import { lfwAbsent, lfwImage } from '../../testing/face-test-data.ts';
import { writeTinyFaceModel } from '../../testing/tiny-onnx-model.ts';

async function run(args: string[]): Promise<string[]> {
  const program = new Command('abgleich').exitOverride();
  registerFaceCommands(program);
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // Only the command's text lines: under --test, the runner's own reports go to stdout as bytes.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk === 'string') { out.push(chunk); return true; }
    return (write as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'abgleich', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out.join('').split('\n').filter(Boolean);
}

test('face embed prints one JSON line per file, in order, with a coded error for bad files', { skip: lfwAbsent }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-face-'));
  try {
    copyFileSync(lfwImage('Aaron_Peirsol', 1), join(dir, 'a.jpg'));
    writeFileSync(join(dir, 'b-empty.jpg'), '');
    writeFileSync(join(dir, 'c.txt'), 'not an image');
    const lines = (await run(['face', 'embed', dir, join(dir, 'missing.jpg'), '--workers', '1'])).map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.file.split('/').pop()), ['a.jpg', 'b-empty.jpg', 'c.txt', 'missing.jpg']);
    const [a, empty, text, missing] = lines;
    assert.equal(a.faces.length, 1);
    assert.equal(a.error, undefined);
    assert.equal(a.faces[0].box.length, 4);
    assert.equal(a.faces[0].embedding.length, 128);
    assert.match(a.faces[0].model, /^@vladmandic\/face-api\/faceRecognitionNet@/);
    assert.ok(typeof a.faces[0].quality.unified === 'number');
    assert.equal(empty.error.code, 'ABG_ERR_EMPTY_FILE');
    assert.equal(text.error.code, 'ABG_ERR_UNSUPPORTED_IMAGE');
    assert.equal(missing.error.code, 'ABG_ERR_NOT_FOUND');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('face compare prints the score, its FMR and the decision at the threshold for the target FMR', { skip: lfwAbsent }, async () => {
  const [line] = await run(['face', 'compare', lfwImage('Abel_Pacheco', 1), lfwImage('Abel_Pacheco', 4), '--fmr', '1e-3', '--workers', '1']);
  const r = JSON.parse(line!);
  assert.equal(r.decision, 'match');
  assert.ok(r.score >= r.threshold.score);
  assert.equal(r.threshold.fmr, 1e-3);
  assert.ok(r.fmr > 0 && r.fmr <= 1e-3);
});

test('face embed --model <alias> --data <dir> runs a model registered there by another process', { skip: lfwAbsent }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'abg-face-registered-'));
  try {
    const data = join(root, 'data');
    mkdirSync(join(root, 'vendor'));
    const added = runCli(['model', 'add', writeTinyFaceModel(join(root, 'vendor'), { id: 'vendor-test/local@1', alias: 'local-tiny' }).manifestPath, '--data', data]);
    assert.equal(added.status, 0, added.stderr);
    const [line] = (await run(['face', 'embed', lfwImage('Aaron_Peirsol', 1), '--model', 'local-tiny', '--data', data, '--workers', '1'])).map((l) => JSON.parse(l));
    assert.equal(line.error, undefined, JSON.stringify(line.error));
    assert.equal(line.faces[0].model, 'vendor-test/local@1');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
