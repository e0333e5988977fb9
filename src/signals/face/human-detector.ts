// FaceDetector over Human: BlazeFace (with rotation correction) finds faces, the face mesh
// (468 points + iris) places landmarks. Only the face models are loaded.
import type { Box, DetectedFace, FaceDetector, FaceLandmarks, RgbImage } from './types.ts';
import { fileUrlOfDir, humanModelDir, loadHuman, loadTf, packageVersion, type Any } from './runtime.ts';
import { poseFromLandmarks } from './pose.ts';

// Face-mesh indices of the iBUG-68 points alignment uses (image-left eye = subject's right eye).
const mesh = { rightEyeOuter: 33, rightEyeInner: 133, leftEyeInner: 362, leftEyeOuter: 263, noseBase: 2, mouthRight: 61, mouthLeft: 291 } as const;

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
          if (!f.mesh || f.mesh.length < 468) continue;
          const lm = {} as FaceLandmarks;
          for (const [name, idx] of Object.entries(mesh)) lm[name as keyof FaceLandmarks] = { x: f.mesh[idx][0], y: f.mesh[idx][1] };
          faces.push({ box: clipBox(f.box as Box, image), score: Number(f.boxScore ?? f.score ?? 0), landmarks: lm, pose: poseFromLandmarks(lm) });
        }
        faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
        return faces.slice(0, opts.maxFaces ?? maxFaces);
      } finally {
        t.dispose();
      }
    },
    async dispose() {
      human.reset?.();
    },
  };
}


function clipBox(b: Box, image: RgbImage): Box {
  const x = Math.max(0, b[0]), y = Math.max(0, b[1]);
  const w = Math.min(image.width, b[0] + b[2]) - x, h = Math.min(image.height, b[1] + b[3]) - y;
  return [Math.round(x), Math.round(y), Math.max(0, Math.round(w)), Math.max(0, Math.round(h))];
}
