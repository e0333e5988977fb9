// The iris model's refinement of the eye region as Human applies it: each eye is cut from the
// 192-px face crop (the square around its two corners, enlarged 2.3×), both crops are mirrored,
// the model places 71 eye and brow points and 5 iris points per eye, and these replace the mesh's
// points of the eye contours and brows — both eyes when the head faces the camera (the two eye
// corners' depths within 30), otherwise only the upper and lower lid line of the nearer eye.
// Human maps the left eye's points back through the mirror and the right eye's not; the ONNX
// detector does the same, so that both detectors place the same landmarks.
import { boxSize, enlargeBox, squareBox, type Xy } from './blazeface-boxes.ts';
import { cropAndResize, flipLeftRight, type Hwc } from './sampling.ts';

export const IRIS_SIZE = 64;
const ENLARGE = 2.3;
const POINTS = 76;
const FIRST_IRIS_POINT = 71;

/** Mesh points (subject's right eye, then left) each run of iris-model points replaces, by region. */
const regions: { iris: number[]; right: number[]; left: number[]; lids: boolean }[] = [
  { iris: [9, 10, 11, 12, 13, 14, 15], right: [246, 161, 160, 159, 158, 157, 173], left: [466, 388, 387, 386, 385, 384, 398], lids: true },
  { iris: [25, 26, 27, 28, 29, 30, 31], right: [247, 30, 29, 27, 28, 56, 190], left: [467, 260, 259, 257, 258, 286, 414], lids: false },
  { iris: [41, 42, 43, 44, 45, 46, 47], right: [113, 225, 224, 223, 222, 221, 189], left: [342, 445, 444, 443, 442, 441, 413], lids: false },
  { iris: [0, 1, 2, 3, 4, 5, 6, 7, 8], right: [33, 7, 163, 144, 145, 153, 154, 155, 133], left: [263, 249, 390, 373, 374, 380, 381, 382, 362], lids: true },
  { iris: [16, 17, 18, 19, 20, 21, 22, 23, 24], right: [130, 25, 110, 24, 23, 22, 26, 112, 243], left: [359, 255, 339, 254, 253, 252, 256, 341, 463], lids: false },
  { iris: [32, 33, 34, 35, 36, 37, 38, 39, 40], right: [226, 31, 228, 229, 230, 231, 232, 233, 244], left: [446, 261, 448, 449, 450, 451, 452, 453, 464], lids: false },
  { iris: [54, 55, 56, 57, 58, 59, 60, 61, 62], right: [143, 111, 117, 118, 119, 120, 121, 128, 245], left: [372, 340, 346, 347, 348, 349, 350, 357, 465], lids: false },
  { iris: [63, 64, 65, 66, 67, 68, 69, 70], right: [156, 70, 63, 105, 66, 107, 55, 193], left: [383, 300, 293, 334, 296, 336, 285, 417], lids: false },
  { iris: [48, 49, 50, 51, 52, 53], right: [35, 124, 46, 53, 52, 65], left: [265, 353, 276, 283, 282, 295], lids: false },
];

// The two corners that frame each eye's crop (first and last point of its lower lid line).
const corners = { left: [263, 362], right: [33, 133] } as const;

export interface EyeCrop {
  start: Xy;
  size: Xy;
  image: Hwc;
}

/** The crop of one eye from the face crop (mesh points in its pixels), mirrored, 64 × 64. */
export function eyeCrop(face: Hwc, mesh: Float64Array, eye: 'left' | 'right'): EyeCrop {
  const [a, b] = corners[eye];
  const xs = [mesh[a * 3]!, mesh[b * 3]!], ys = [mesh[a * 3 + 1]!, mesh[b * 3 + 1]!];
  const { start, end } = squareBox(enlargeBox({ start: [Math.min(...xs), Math.min(...ys)], end: [Math.max(...xs), Math.max(...ys)] }, ENLARGE));
  const s = face.width;
  const image = flipLeftRight(cropAndResize(face, [start[1] / s, start[0] / s, end[1] / s, end[0] / s], IRIS_SIZE));
  return { start, size: boxSize({ start, end }), image };
}

/**
 * Applies the iris model's output for both eyes (`left` and `right`: 76 × 3 values each, in crop
 * pixels) to the mesh (468 × 3, face-crop pixels, widened to doubles) in place; returns the ten iris points (x, y).
 */
export function refineEyes(mesh: Float64Array, left: Float32Array, right: Float32Array, leftCrop: EyeCrop, rightCrop: EyeCrop): Xy[] {
  const l = eyePoints(left, leftCrop, true), r = eyePoints(right, rightCrop, false);
  const depth = mesh[corners.left[0] * 3 + 2]! - mesh[corners.right[0] * 3 + 2]!;
  if (Math.abs(depth) < 30) {
    replace(mesh, l, 'left', false);
    replace(mesh, r, 'right', false);
  } else if (depth < 1) {
    replace(mesh, l, 'left', true);
  } else {
    replace(mesh, r, 'right', true);
  }
  return [...l.slice(FIRST_IRIS_POINT), ...r.slice(FIRST_IRIS_POINT)].map((p) => [p[0], p[1]]);
}

function eyePoints(out: Float32Array, crop: EyeCrop, unmirror: boolean): [number, number, number][] {
  const pts: [number, number, number][] = [];
  for (let i = 0; i < POINTS; i++) {
    const x = out[i * 3]! / IRIS_SIZE, y = out[i * 3 + 1]! / IRIS_SIZE;
    pts.push([(unmirror ? 1 - x : x) * crop.size[0] + crop.start[0], y * crop.size[1] + crop.start[1], out[i * 3 + 2]!]);
  }
  return pts;
}

function replace(mesh: Float64Array, pts: [number, number, number][], eye: 'left' | 'right', lidsOnly: boolean): void {
  for (const region of regions) {
    if (lidsOnly && !region.lids) continue;
    region.iris.forEach((from, j) => {
      const to = region[eye][j]! * 3, p = pts[from]!;
      mesh[to] = p[0];
      mesh[to + 1] = p[1];
      mesh[to + 2] = (p[2] + mesh[to + 2]!) / 2;
    });
  }
}
