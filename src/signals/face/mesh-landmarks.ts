// A detected face from a MediaPipe face mesh (468 points): the seven alignment landmarks are mesh
// points, the pose is estimated from them, the box is clipped to the image. Shared by both
// detectors that place the mesh (Human on TensorFlow.js, the same models on ONNX Runtime).
import type { Box, DetectedFace, FaceLandmarks, Point, RgbImage } from './types.ts';
import { poseFromLandmarks } from './pose.ts';

// Face-mesh indices of the iBUG-68 points alignment uses (image-left eye = subject's right eye).
const meshIndex = { rightEyeOuter: 33, rightEyeInner: 133, leftEyeInner: 362, leftEyeOuter: 263, noseBase: 2, mouthRight: 61, mouthLeft: 291 } as const;

export const MESH_POINTS = 468;

/** The face whose mesh point i is `point(i)`, found in `box` with detector confidence `score`. */
export function faceFromMesh(point: (index: number) => Point, box: Box, score: number, image: RgbImage): DetectedFace {
  const landmarks = {} as FaceLandmarks;
  for (const [name, i] of Object.entries(meshIndex)) landmarks[name as keyof FaceLandmarks] = point(i);
  return { box: clipBox(box, image), score, landmarks, pose: poseFromLandmarks(landmarks) };
}

/** The `max` largest faces, largest box first. */
export function largestFirst(faces: DetectedFace[], max: number): DetectedFace[] {
  return faces.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]).slice(0, max);
}

function clipBox(b: Box, image: RgbImage): Box {
  const x = Math.max(0, b[0]), y = Math.max(0, b[1]);
  const w = Math.min(image.width, b[0] + b[2]) - x, h = Math.min(image.height, b[1] + b[3]) - y;
  return [Math.round(x), Math.round(y), Math.max(0, Math.round(w)), Math.max(0, Math.round(h))];
}
