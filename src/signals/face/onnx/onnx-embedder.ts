// Embedder over ONNX Runtime (CPU) for any face network a manifest describes: the chip becomes a
// float tensor in the manifest's layout, colour order and normalisation; the named output is the
// descriptor, averaged with the mirror view's when the manifest asks for flip averaging.
import type ort from 'onnxruntime-node';
import type { AlignedFace, Embedder } from '../types.ts';
import { mirrorChip } from '../align.ts';
import { l2normalise } from '../vector.ts';
import { chipOf, type ModelManifest } from './manifest.ts';

export interface OnnxSessionOptions {
  /** Threads ONNX Runtime uses inside one inference (intra-op); default 1: the face pool already runs one worker per core. */
  threads?: number;
}

let runtime: typeof ort | undefined;

/** ONNX Runtime's native module, loaded on first use: processes that run no ONNX model never load it. */
export async function onnxRuntime(): Promise<typeof ort> {
  // Its ESM entry has named exports only; its CommonJS entry arrives as `default`.
  const m = (await import('onnxruntime-node')) as typeof ort & { default?: typeof ort };
  runtime ??= m.InferenceSession ? m : m.default!;
  return runtime;
}

/** An ONNX Runtime session over the model bytes, on the CPU. */
export async function openSession(model: Uint8Array, options: OnnxSessionOptions = {}): Promise<ort.InferenceSession> {
  return (await onnxRuntime()).InferenceSession.create(model, { executionProviders: ['cpu'], intraOpNumThreads: options.threads ?? 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
}

/** Names of the graph input and output the manifest means. */
export function ioNames(session: ort.InferenceSession, m: ModelManifest): { input: string; output: string } {
  return { input: m.input.name ?? session.inputNames[0]!, output: m.output.name ?? session.outputNames[0]! };
}

/** Whether the graph takes more than one chip per run (its batch dimension is not fixed at 1). */
export function acceptsBatches(session: ort.InferenceSession, input: string): boolean {
  const meta = session.inputMetadata.find((v) => v.name === input);
  return !(meta?.isTensor && meta.shape[0] === 1);
}

/** The chips as one float32 tensor [n, 3, s, s] or [n, s, s, 3], channels in the manifest's order, normalised. */
export async function chipTensor(chips: AlignedFace[], m: ModelManifest): Promise<ort.Tensor> {
  const s = m.input.size, plane = s * s;
  const out = new Float32Array(chips.length * plane * 3);
  const n = m.input.normalisation;
  const [mul, add] = 'scale' in n ? [[n.scale, n.scale, n.scale], [n.offset, n.offset, n.offset]] : [n.std.map((d) => 1 / d), n.mean.map((v, c) => -v / n.std[c]!)];
  // Tensor channel c reads chip channel src[c]; NCHW steps a plane per channel, NHWC one value.
  const src = m.input.colorOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const nchw = m.input.layout === 'NCHW';
  const [pixelStep, channelStep] = nchw ? [1, plane] : [3, 1];
  chips.forEach((chip, k) => {
    if (chip.size !== s) throw new RangeError(`chip is ${chip.size} px, the model takes ${s}`);
    const data = chip.data;
    for (let c = 0; c < 3; c++) {
      const from = src[c]!, a = mul[c]!, b = add[c]!;
      let o = k * plane * 3 + c * channelStep;
      for (let p = 0; p < plane; p++, o += pixelStep) out[o] = data[p * 3 + from]! * a + b;
    }
  });
  return new (await onnxRuntime()).Tensor('float32', out, nchw ? [chips.length, 3, s, s] : [chips.length, s, s, 3]);
}

/** Raw descriptors (not normalised) of the chips, one run per batch the graph accepts. */
export async function runChips(session: ort.InferenceSession, m: ModelManifest, chips: AlignedFace[]): Promise<Float32Array[]> {
  const { input, output } = ioNames(session, m);
  const batches = acceptsBatches(session, input) ? [chips] : chips.map((c) => [c]);
  const out: Float32Array[] = [];
  for (const batch of batches) {
    const result = await session.run({ [input]: await chipTensor(batch, m) }, [output]);
    const t = result[output]!;
    const flat = t.data as Float32Array;
    const per = flat.length / batch.length;
    for (let i = 0; i < batch.length; i++) out.push(flat.slice(i * per, (i + 1) * per));
    t.dispose();
  }
  return out;
}

/** An embedder over an ONNX model already checked against its manifest (onnx-model-files.ts). */
export async function createOnnxEmbedder(model: Uint8Array, m: ModelManifest, options: OnnxSessionOptions = {}): Promise<Embedder> {
  const session = await openSession(model, options);
  const dim = m.output.dimension;
  return {
    id: m.id,
    dimension: dim,
    normalisation: 'l2',
    chip: chipOf(m),
    flip: m.flip,
    async embed(faces: AlignedFace[]): Promise<Float32Array[]> {
      if (faces.length === 0) return [];
      const chips = faces.flatMap((f) => (m.flip ? [f, mirrorChip(f.mirrorView ?? f)] : [f]));
      const raw = await runChips(session, m, chips);
      const per = m.flip ? 2 : 1;
      return faces.map((_, i) => {
        const sum = new Float32Array(dim);
        for (let k = 0; k < per; k++) {
          const v = l2normalise(raw[i * per + k]!);
          for (let j = 0; j < dim; j++) sum[j]! += v[j]!;
        }
        return l2normalise(sum);
      });
    },
    async dispose() {
      await session.release();
    },
  };
}
