// The FaceModelInstaller port over ONNX files: checks a manifest and its model, keeps the file in
// the data directory under its SHA-256 (so what runs is what was registered), and offers
// registered models to this process's face model registry, from where pools hand them to workers.
import { existsSync, mkdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegisteredFaceModel } from '../../../domain/face-model.ts';
import type { CheckedFaceModel, FaceModelInstaller } from '../../../services/ports/face-models.ts';
import { checkOnnxModel } from './onnx-model-check.ts';
import { offerOnnxModel } from './onnx-model-entry.ts';

export interface OnnxInstallerOptions {
  /** Where registered model files are kept (`<data>/models`). */
  dir: string;
  /** Largest model file accepted, in bytes. */
  maxBytes: number;
  /** ONNX Runtime intra-op threads per session. */
  threads: number;
}

export class OnnxModelInstaller implements FaceModelInstaller {
  constructor(private readonly o: OnnxInstallerOptions) {}

  async check(manifestPath: string): Promise<CheckedFaceModel> {
    const { manifest, bytes, sha256 } = await checkOnnxModel(manifestPath, { maxBytes: this.o.maxBytes });
    return {
      id: manifest.id, alias: manifest.alias, dimension: manifest.output.dimension, sha256, manifest: manifest as unknown as Record<string, unknown>,
      keep: async () => {
        const file = this.fileOf(sha256);
        if (existsSync(file)) return async () => {};
        mkdirSync(this.o.dir, { recursive: true, mode: 0o700 });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, bytes, { mode: 0o600 });
        await rename(tmp, file);
        return () => rm(file, { force: true });
      },
    };
  }

  offer(model: RegisteredFaceModel): void {
    offerOnnxModel({ model, file: this.fileOf(model.sha256), threads: this.o.threads });
  }

  private fileOf(sha256: string): string {
    return join(this.o.dir, `${sha256}.onnx`);
  }
}
