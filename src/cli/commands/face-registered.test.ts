// The local face commands run a model registered with `abgleich model add` in the data directory
// they are given (`--model <alias> --data <dir>`); the registration ran in another process.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { runCli } from '../../testing/cli-process.ts';
import { lfwAbsent, lfwImage } from '../../testing/face-test-data.ts';
import { writeTinyFaceModel } from '../../testing/tiny-onnx-model.ts';
import { registerFaceCommands } from './face.ts';

const root = mkdtempSync(join(tmpdir(), 'abg-face-registered-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function embedLines(args: string[]): Promise<Record<string, any>[]> {
  const program = new Command('abgleich').exitOverride();
  registerFaceCommands(program);
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk === 'string') { out.push(chunk); return true; }
    return (write as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'abgleich', 'face', 'embed', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

test('face embed --model <registered alias> --data <dir> embeds with the registered model', { skip: lfwAbsent }, async () => {
  const data = join(root, 'data');
  const vendor = join(root, 'vendor');
  mkdirSync(vendor);
  const { manifestPath } = writeTinyFaceModel(vendor, { id: 'vendor-test/local@1', alias: 'local-tiny' });
  const added = runCli(['model', 'add', manifestPath, '--data', data]);
  assert.equal(added.status, 0, added.stderr);
  const image = lfwImage('Aaron_Peirsol', 1);
  const [line] = await embedLines([image, '--model', 'local-tiny', '--data', data, '--workers', '1']);
  assert.equal(line?.error, undefined, JSON.stringify(line?.error));
  assert.equal(line!.faces[0].model, 'vendor-test/local@1');
});
