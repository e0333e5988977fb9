// Embedder over face-api's 128-d ResNet descriptor (derived from dlib's face recognition
// network). It expects dlib's 150×150 chip with padding 0.25 around the mean face shape, cut from
// dlib's five points; its mirror view comes from the mesh's seven (five-point.ts).
import type { AlignedFace, ChipSpec, Embedder } from './types.ts';
import { mirrorChip } from './align.ts';
import { faceApiModelDir, loadFaceApi, packageVersion, type Any } from './runtime.ts';
import { l2normalise } from './vector.ts';

export const faceApiChip: ChipSpec = { size: 150, padding: 0.25, fivePoint: true };
/** Length of the descriptor, known before the network loads. */
export const faceApiDimension = 128;

/** The model's stable id (its package version included). */
export function faceApiModelId(): string {
  return `@vladmandic/face-api/faceRecognitionNet@${packageVersion('@vladmandic/face-api')}`;
}

export async function createFaceApiEmbedder(options: { flip?: boolean } = {}): Promise<Embedder> {
  const faceapi = await loadFaceApi();
  const tf = faceapi.tf;
  const net: Any = faceapi.nets.faceRecognitionNet;
  if (!net.isLoaded) await net.loadFromDisk(faceApiModelDir());
  const flip = options.flip ?? true;
  return {
    id: faceApiModelId(),
    dimension: faceApiDimension,
    normalisation: 'l2',
    chip: faceApiChip,
    flip,
    async embed(faces: AlignedFace[]): Promise<Float32Array[]> {
      const out: Float32Array[] = [];
      for (const face of faces) {
        const chips = flip ? [face, mirrorChip(face.mirrorView ?? face)] : [face];
        const sum = new Float32Array(faceApiDimension);
        for (const chip of chips) {
          const input = tf.tensor3d(chip.data, [chip.size, chip.size, 3], 'int32');
          const d: Any = await net.computeFaceDescriptor(input);
          input.dispose();
          const v = l2normalise(Float32Array.from(d));
          for (let i = 0; i < faceApiDimension; i++) sum[i]! += v[i]!;
        }
        out.push(l2normalise(sum));
      }
      return out;
    },
    async dispose() {},
  };
}
