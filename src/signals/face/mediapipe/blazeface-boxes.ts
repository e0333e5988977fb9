// BlazeFace's raw output turned into face boxes as Human turns it: 896 anchors (16 × 16 cells with
// two anchors at stride 16, 8 × 8 cells with six at stride 32 of the 256-px input), each row a
// score logit, a box (centre offset from its anchor, size) and six key points (offsets from the
// anchor: eyes, nose, mouth, ears). Boxes go through greedy non-maximum suppression, are scaled to
// the image, enlarged 1.4× about their centre and made square on whole pixels.

export type Xy = [number, number];

export interface FaceBox {
  /** Corners in image pixels (whole numbers after squaring). */
  start: Xy;
  end: Xy;
  /** BlazeFace's six key points in image pixels. */
  keypoints: Xy[];
  /** Sigmoid of the score logit. */
  confidence: number;
}

export const BLAZEFACE_SIZE = 256;
const ENLARGE = 1.4;

export interface BlazeFaceOptions {
  maxFaces: number;
  minConfidence: number;
  iouThreshold: number;
}

/** Anchor centres in input pixels, in the order of the model's rows. */
export function blazeFaceAnchors(size = BLAZEFACE_SIZE): Xy[] {
  const anchors: Xy[] = [];
  for (const [stride, perCell] of [[size / 16, 2], [size / 8, 6]] as const) {
    const cells = Math.floor((size + stride - 1) / stride);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) for (let n = 0; n < perCell; n++) anchors.push([stride * (gx + 0.5), stride * (gy + 0.5)]);
    }
  }
  return anchors;
}

const anchors = blazeFaceAnchors();

/**
 * Faces from the model's outputs: `logits` (one per anchor) and `regressors` (16 per anchor), both
 * with the stride-16 rows first; the image is width × height pixels.
 */
export function decodeBlazeFace(logits: Float32Array, regressors: Float32Array, width: number, height: number, o: BlazeFaceOptions): FaceBox[] {
  const n = anchors.length;
  const boxes = new Float32Array(n * 4), scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * 16, [ax, ay] = anchors[i]!;
    const cx = regressors[r]! + ax, cy = regressors[r + 1]! + ay, hw = regressors[r + 2]! / 2, hh = regressors[r + 3]! / 2;
    boxes.set([cx - hw, cy - hh, cx + hw, cy + hh], i * 4);
    scores[i] = 1 / (1 + Math.exp(-logits[i]!));
  }
  const fx = width / BLAZEFACE_SIZE, fy = height / BLAZEFACE_SIZE;
  return nonMaxSuppression(boxes, scores, o).map((i) => {
    const [ax, ay] = anchors[i]!;
    const keypoints: Xy[] = [];
    for (let k = 0; k < 6; k++) keypoints.push([(regressors[i * 16 + 4 + k * 2]! + ax) * fx, (regressors[i * 16 + 5 + k * 2]! + ay) * fy]);
    const start: Xy = [boxes[i * 4]! * fx, boxes[i * 4 + 1]! * fy], end: Xy = [boxes[i * 4 + 2]! * fx, boxes[i * 4 + 3]! * fy];
    return { ...squareBox(enlargeBox({ start, end }, ENLARGE)), keypoints, confidence: scores[i]! };
  });
}

/** Indices of the boxes greedy suppression keeps: best score first, each dropped when it overlaps a kept one at IoU ≥ the threshold. */
export function nonMaxSuppression(boxes: Float32Array, scores: Float32Array, o: BlazeFaceOptions): number[] {
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! > o.minConfidence) order.push(i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= o.maxFaces) break;
    if (!kept.some((k) => iou(boxes, i, k) >= o.iouThreshold)) kept.push(i);
  }
  return kept;
}

function iou(b: Float32Array, i: number, j: number): number {
  const [ax0, ay0, ax1, ay1] = corners(b, i), [bx0, by0, bx1, by1] = corners(b, j);
  const areaA = (ax1 - ax0) * (ay1 - ay0), areaB = (bx1 - bx0) * (by1 - by0);
  if (areaA <= 0 || areaB <= 0) return 0;
  const inter = Math.max(Math.min(ay1, by1) - Math.max(ay0, by0), 0) * Math.max(Math.min(ax1, bx1) - Math.max(ax0, bx0), 0);
  return inter / (areaA + areaB - inter);
}

function corners(b: Float32Array, i: number): [number, number, number, number] {
  const x0 = b[i * 4]!, y0 = b[i * 4 + 1]!, x1 = b[i * 4 + 2]!, y1 = b[i * 4 + 3]!;
  return [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
}

export function boxSize(b: { start: Xy; end: Xy }): Xy {
  return [Math.abs(b.end[0] - b.start[0]), Math.abs(b.end[1] - b.start[1])];
}

export function boxCentre(b: { start: Xy; end: Xy }): Xy {
  return [b.start[0] + (b.end[0] - b.start[0]) / 2, b.start[1] + (b.end[1] - b.start[1]) / 2];
}

/** The box scaled by `factor` about its centre. */
export function enlargeBox(b: { start: Xy; end: Xy }, factor: number): { start: Xy; end: Xy } {
  const [cx, cy] = boxCentre(b), [w, h] = boxSize(b);
  return { start: [cx - (factor * w) / 2, cy - (factor * h) / 2], end: [cx + (factor * w) / 2, cy + (factor * h) / 2] };
}

/** The square on whole pixels around the box's centre whose side is the box's longer side. */
export function squareBox(b: { start: Xy; end: Xy }): { start: Xy; end: Xy } {
  const [cx, cy] = boxCentre(b), half = Math.max(...boxSize(b)) / 2;
  return { start: [Math.round(cx - half), Math.round(cy - half)], end: [Math.round(cx + half), Math.round(cy + half)] };
}
