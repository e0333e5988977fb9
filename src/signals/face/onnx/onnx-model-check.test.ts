import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAbgError, type ErrorCode } from '../../../domain/errors.ts';
import { writeTinyFaceModel } from '../../../testing/tiny-onnx-model.ts';
import { checkOnnxModel } from './onnx-model-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'abg-onnx-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const limits = { maxBytes: 10_000_000 };
let n = 0;
const model = (o: Parameters<typeof writeTinyFaceModel>[1] = {}) => writeTinyFaceModel(dir, { name: `m${++n}`, ...o });
const refused = (code: ErrorCode) => (e: unknown) => isAbgError(e) && e.code === code;

test('a model matching its manifest passes, with its hash and the parsed manifest', async () => {
  const m = model();
  const checked = await checkOnnxModel(m.manifestPath, limits);
  assert.equal(checked.sha256, m.manifest.sha256);
  assert.deepEqual(checked.manifest, m.manifest);
});

test('each broken promise is refused with its own code', async () => {
  const cases: [string, () => string, ErrorCode][] = [
    ['manifest without a licence', () => model({ edit: (x) => { delete x.licence; } }).manifestPath, 'ABG_ERR_MODEL_NO_LICENCE'],
    ['licence without a licensee', () => model({ edit: (x) => { x.licence = { name: 'X', url: 'https://example.org/terms' }; } }).manifestPath, 'ABG_ERR_MODEL_NO_LICENCE'],
    ['licence without terms', () => model({ edit: (x) => { x.licence = { name: 'X', licensee: 'BKA' }; } }).manifestPath, 'ABG_ERR_MODEL_NO_LICENCE'],
    ['manifest not JSON', () => { const p = join(dir, 'broken.json'); writeFileSync(p, '{ "id": '); return p; }, 'ABG_ERR_MODEL_MANIFEST'],
    ['unknown layout', () => model({ edit: (x) => { (x.input as Record<string, unknown>).layout = 'CHW'; } }).manifestPath, 'ABG_ERR_MODEL_MANIFEST'],
    ['file not beside the manifest', () => model({ edit: (x) => { x.file = '../elsewhere.onnx'; } }).manifestPath, 'ABG_ERR_MODEL_MANIFEST'],
    ['manifest missing', () => join(dir, 'nope.json'), 'ABG_ERR_FILE_NOT_FOUND'],
    ['model file missing', () => model({ edit: (x) => { x.file = 'missing.onnx'; } }).manifestPath, 'ABG_ERR_FILE_NOT_FOUND'],
    ['hash mismatch', () => model({ edit: (x) => { x.sha256 = '0'.repeat(64); } }).manifestPath, 'ABG_ERR_MODEL_HASH_MISMATCH'],
    ['not ONNX', () => notOnnx(), 'ABG_ERR_MODEL_NOT_ONNX'],
    ['layout differs from the graph', () => model({ edit: (x) => { (x.input as Record<string, unknown>).layout = 'NHWC'; } }).manifestPath, 'ABG_ERR_MODEL_IO_MISMATCH'],
    ['input size differs', () => model({ edit: (x) => { (x.input as Record<string, unknown>).size = 96; } }).manifestPath, 'ABG_ERR_MODEL_IO_MISMATCH'],
    ['dimension differs', () => model({ edit: (x) => { x.output = { dimension: 128 }; } }).manifestPath, 'ABG_ERR_MODEL_IO_MISMATCH'],
    ['named input absent', () => model({ edit: (x) => { (x.input as Record<string, unknown>).name = 'data'; } }).manifestPath, 'ABG_ERR_MODEL_IO_MISMATCH'],
    ['named output absent', () => model({ edit: (x) => { x.output = { name: 'fc1', dimension: 64 }; } }).manifestPath, 'ABG_ERR_MODEL_IO_MISMATCH'],
    ['NaN output', () => model({ fault: 'nan' }).manifestPath, 'ABG_ERR_MODEL_OUTPUT_INVALID'],
    ['constant output', () => model({ fault: 'constant' }).manifestPath, 'ABG_ERR_MODEL_OUTPUT_CONSTANT'],
  ];
  for (const [what, path, code] of cases) await assert.rejects(checkOnnxModel(path(), limits), refused(code), what);
});

test('a model over the size limit is refused before it is read', async () => {
  const m = model();
  await assert.rejects(checkOnnxModel(m.manifestPath, { maxBytes: 1000 }), refused('ABG_ERR_MODEL_TOO_LARGE'));
});

function notOnnx(): string {
  const m = model();
  const bytes = new TextEncoder().encode('this is a text file, not a graph');
  writeFileSync(m.modelPath, bytes);
  const manifest = { ...m.manifest, sha256: createHash('sha256').update(bytes).digest('hex') };
  writeFileSync(m.manifestPath, JSON.stringify(manifest));
  return m.manifestPath;
}
