// The checks a licensed model passes before it is registered: a valid manifest with a licence,
// a file within the size limit whose SHA-256 is the manifest's, a graph ONNX Runtime loads whose
// input and output match the manifest, and finite, non-constant descriptors of the stated
// dimension on two built-in test chips. Each failure is its own coded error.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type ort from 'onnxruntime-node';
import { fail } from '../../../domain/errors.ts';
import { syntheticChip } from '../test-chip.ts';
import { parseManifest, type ModelManifest } from './manifest.ts';
import { ioNames, openSession, runChips } from './onnx-embedder.ts';

export interface CheckedModel {
  manifest: ModelManifest;
  /** The model file's bytes, hashed and loaded. */
  bytes: Uint8Array;
  sha256: string;
}

/** Reads a manifest and the model beside it and runs every check; throws the first failure's coded error. */
export async function checkOnnxModel(manifestPath: string, limits: { maxBytes: number }): Promise<CheckedModel> {
  const manifest = parseManifest(await readJson(manifestPath));
  const file = join(dirname(manifestPath), manifest.file);
  const size = await stat(file).then((s) => (s.isFile() ? s.size : fail('ABG_ERR_FILE_UNREADABLE', file)), () => fail('ABG_ERR_FILE_NOT_FOUND', `${file} (the manifest's "file")`));
  if (size > limits.maxBytes) fail('ABG_ERR_MODEL_TOO_LARGE', `${file} has ${size} bytes; the limit is ${limits.maxBytes}.`);
  const bytes = new Uint8Array(await readFile(file));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== manifest.sha256) fail('ABG_ERR_MODEL_HASH_MISMATCH', `File ${sha256}, manifest ${manifest.sha256}.`);
  let session: ort.InferenceSession;
  try {
    session = await openSession(bytes);
  } catch (e) {
    fail('ABG_ERR_MODEL_NOT_ONNX', String((e as Error).message ?? e).slice(0, 300));
  }
  try {
    checkIo(session, manifest);
    await checkOutputs(session, manifest);
  } finally {
    await session.release();
  }
  return { manifest, bytes, sha256 };
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) =>
    fail(e.code === 'ENOENT' ? 'ABG_ERR_FILE_NOT_FOUND' : 'ABG_ERR_FILE_UNREADABLE', path));
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    fail('ABG_ERR_MODEL_MANIFEST', `${path} is not JSON: ${(e as Error).message}`);
  }
}

/** The graph has one float input shaped for the manifest's chips and the named float output of the stated dimension. */
function checkIo(session: ort.InferenceSession, m: ModelManifest): void {
  const { input, output } = ioNames(session, m);
  if (session.inputNames.length !== 1) fail('ABG_ERR_MODEL_IO_MISMATCH', `The graph has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); a face model takes one image tensor.`);
  if (!session.inputNames.includes(input)) fail('ABG_ERR_MODEL_IO_MISMATCH', `No input "${input}"; the graph's is "${session.inputNames[0]}".`);
  if (!session.outputNames.includes(output)) fail('ABG_ERR_MODEL_IO_MISMATCH', `No output "${output}"; the graph has ${session.outputNames.join(', ')}.`);
  const inMeta = session.inputMetadata.find((v) => v.name === input)!;
  const s = m.input.size;
  const want = m.input.layout === 'NCHW' ? [3, s, s] : [s, s, 3];
  if (!inMeta.isTensor || inMeta.type !== 'float32') fail('ABG_ERR_MODEL_IO_MISMATCH', `Input "${input}" is not a float32 tensor.`);
  // A graph that declares no input shape (an empty list) is judged by the test run alone.
  if (inMeta.shape.length > 0 && (inMeta.shape.length !== 4 || want.some((d, i) => typeof inMeta.shape[i + 1] === 'number' && inMeta.shape[i + 1] !== d))) {
    fail('ABG_ERR_MODEL_IO_MISMATCH', `Input "${input}" has shape [${inMeta.shape.join(', ')}]; the manifest's ${m.input.layout} at ${s} px is [N, ${want.join(', ')}].`);
  }
  const outMeta = session.outputMetadata.find((v) => v.name === output)!;
  if (!outMeta.isTensor || outMeta.type !== 'float32') fail('ABG_ERR_MODEL_IO_MISMATCH', `Output "${output}" is not a float32 tensor.`);
  const rest = outMeta.shape.slice(1);
  if (outMeta.shape.length > 0 && rest.every((d) => typeof d === 'number') && rest.reduce<number>((a, d) => a * (d as number), 1) !== m.output.dimension) {
    fail('ABG_ERR_MODEL_IO_MISMATCH', `Output "${output}" has shape [${outMeta.shape.join(', ')}]; the manifest states dimension ${m.output.dimension}.`);
  }
}

/** Two different test chips give finite, non-zero descriptors of the stated dimension that differ. */
async function checkOutputs(session: ort.InferenceSession, m: ModelManifest): Promise<void> {
  const chips = [1, 2].map((seed) => syntheticChip(m.input.size, seed));
  let out: Float32Array[];
  try {
    out = await runChips(session, m, chips);
  } catch (e) {
    fail('ABG_ERR_MODEL_IO_MISMATCH', `The graph failed on a ${m.input.layout} chip of ${m.input.size} px: ${String((e as Error).message ?? e).slice(0, 300)}`);
  }
  for (const v of out) {
    if (v.length !== m.output.dimension) fail('ABG_ERR_MODEL_IO_MISMATCH', `The output has ${v.length} values per chip; the manifest states dimension ${m.output.dimension}.`);
    if (!v.every(Number.isFinite)) fail('ABG_ERR_MODEL_OUTPUT_INVALID', 'A value is NaN or infinite.');
    if (v.every((x) => x === 0)) fail('ABG_ERR_MODEL_OUTPUT_INVALID', 'The vector is all zeros.');
  }
  const [a, b] = out as [Float32Array, Float32Array];
  const scale = Math.max(...a.map(Math.abs), ...b.map(Math.abs));
  if (a.every((x, i) => Math.abs(x - b[i]!) <= 1e-6 * scale)) fail('ABG_ERR_MODEL_OUTPUT_CONSTANT');
}
