// Deterministic synthetic chips: smooth gradients and two blobs, different per seed. A new
// model is run on them when it is added (onnx/onnx-model-check.ts), and the embedder contract
// uses them; they check a model's promises, not its accuracy.
import type { AlignedFace } from './types.ts';

/** A size×size RGB chip, the same for the same seed. */
export function syntheticChip(size: number, seed: number): AlignedFace {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = x / size, v = y / size;
      const blob = Math.exp(-(((u - 0.35) ** 2 + (v - 0.4) ** 2) * 40)) + Math.exp(-(((u - 0.65) ** 2 + (v - 0.4) ** 2) * 40));
      for (let c = 0; c < 3; c++) {
        const wave = Math.sin((u * (3 + seed) + v * (2 + c)) * Math.PI) * 0.5 + 0.5;
        data[(y * size + x) * 3 + c] = Math.round(255 * Math.min(1, 0.3 + 0.4 * wave * (1 - blob) + 0.2 * c * v));
      }
    }
  }
  return { data, size };
}
