// FaceDetector over Human: BlazeFace (with rotation correction) finds faces, the face mesh
// (468 points + iris) places landmarks. Only the face models are loaded.
import type { Box, DetectedFace, FaceDetector, RgbImage } from './types.ts';
import { fileUrlOfDir, humanModelDir, loadHuman, loadTf, packageVersion, type Any } from './runtime.ts';
import { faceFromMesh, largestFirst, MESH_POINTS } from './mesh-landmarks.ts';

export interface HumanDetectorOptions {
  minConfidence?: number;
  maxFaces?: number;
}

export async function createHumanDetector(options: HumanDetectorOptions = {}): Promise<FaceDetector> {
  const H = await loadHuman();
  const tf = await loadTf();
  const maxFaces = options.maxFaces ?? 20;
  const human: Any = new H.Human({
    backend: 'wasm', modelBasePath: fileUrlOfDir(humanModelDir()), debug: false, warmup: 'none', async: true, cacheSensitivity: 0,
    filter: { enabled: false }, gesture: { enabled: false }, body: { enabled: false }, hand: { enabled: false },
    object: { enabled: false }, segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { modelPath: 'blazeface.json', rotation: true, maxDetected: maxFaces, minConfidence: options.minConfidence ?? 0.2, iouThreshold: 0.1, return: false, skipFrames: 0, skipTime: 0 },
      mesh: { enabled: true, modelPath: 'facemesh.json' },
      iris: { enabled: true, modelPath: 'iris.json', skipFrames: 0, skipTime: 0 },
      attention: { enabled: false }, description: { enabled: false }, emotion: { enabled: false },
      antispoof: { enabled: false }, liveness: { enabled: false }, gear: { enabled: false },
    },
  });
  await human.load();
  const version = packageVersion('@vladmandic/human');
  return {
    id: `@vladmandic/human/blazeface+facemesh@${version}`,
    async detect(image: RgbImage, opts = {}): Promise<DetectedFace[]> {
      const t = tf.tidy(() => tf.tensor3d(image.data, [image.height, image.width, 3], 'int32').expandDims(0));
      try {
        const result = await human.detect(t);
        const faces: DetectedFace[] = [];
        for (const f of result.face as Any[]) {
          if (!f.mesh || f.mesh.length < MESH_POINTS) continue;
          faces.push(faceFromMesh((i) => ({ x: f.mesh[i][0], y: f.mesh[i][1] }), f.box as Box, Number(f.boxScore ?? f.score ?? 0), image));
        }
        return largestFirst(faces, opts.maxFaces ?? maxFaces);
      } finally {
        t.dispose();
      }
    },
    async dispose() {
      human.reset?.();
    },
  };
}

