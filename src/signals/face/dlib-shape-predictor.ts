// dlib's landmark predictor (an ensemble of regression trees, Kazemi & Sullivan 2014), read from
// dlib's own serialisation and run in plain TypeScript. The file it reads is dlib's
// `shape_predictor_5_face_landmarks.dat` (CC0): two corners of each eye and the nose base, the
// points dlib's face chips for the 128-d descriptor are cut from.
import type { Point, RgbImage } from './types.ts';
import { similarityTransform } from './align.ts';

interface RegressionTree {
  /** Per split node (heap order): feature indices and threshold. */
  idx1: Uint32Array;
  idx2: Uint32Array;
  thresh: Float32Array;
  /** Leaf deltas of the whole shape, leaf after leaf. */
  leaves: Float32Array;
}

interface CascadeLevel {
  trees: RegressionTree[];
  /** Per feature pixel: the landmark it hangs from and its offset in mean-shape space. */
  anchor: Uint32Array;
  deltas: Float32Array;
}

export interface ShapePredictor {
  /** Number of landmarks. */
  readonly parts: number;
  /** Mean shape in box-normalised coordinates (0–1 across the box), x0, y0, x1, y1, … */
  readonly meanShape: Float32Array;
  /** Landmarks for the face in `box` ([left, top, width, height] in pixels). */
  predict(image: RgbImage, box: readonly [number, number, number, number]): Point[];
}

/** Reads dlib's classic serialisation: variable-length integers and floats as mantissa·2^exponent. */
class DlibReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  int(): number {
    const control = this.byte();
    const size = control & 0x0f;
    if (size < 1 || size > 8) throw new Error(`dlib model: bad integer control byte ${control} at ${this.pos - 1}`);
    let value = 0;
    for (let i = 0; i < size; i++) value += this.byte() * 2 ** (8 * i);
    return control & 0x80 ? -value : value;
  }

  float(): number {
    const mantissa = this.int();
    const exponent = this.int();
    return mantissa * 2 ** exponent;
  }

  floatColumn(): Float32Array {
    const rows = Math.abs(this.int()), cols = Math.abs(this.int());
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < out.length; i++) out[i] = this.float();
    return out;
  }

  get done(): boolean { return this.pos === this.buf.length; }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new Error('dlib model: file ends early');
    return this.buf[this.pos++]!;
  }
}

export function parseShapePredictor(bytes: Uint8Array): ShapePredictor {
  const r = new DlibReader(bytes);
  const version = r.int();
  if (version !== 1) throw new Error(`dlib model: shape predictor version ${version} is not supported`);
  const meanShape = r.floatColumn();
  const levels: CascadeLevel[] = [];
  const levelCount = r.int();
  for (let l = 0; l < levelCount; l++) {
    const trees: RegressionTree[] = [];
    const treeCount = r.int();
    for (let t = 0; t < treeCount; t++) {
      const splits = r.int();
      const idx1 = new Uint32Array(splits), idx2 = new Uint32Array(splits), thresh = new Float32Array(splits);
      for (let s = 0; s < splits; s++) { idx1[s] = r.int(); idx2[s] = r.int(); thresh[s] = r.float(); }
      const leafCount = r.int();
      const leaves = new Float32Array(leafCount * meanShape.length);
      for (let k = 0; k < leafCount; k++) {
        const leaf = r.floatColumn();
        if (leaf.length !== meanShape.length) throw new Error('dlib model: leaf size differs from the shape');
        leaves.set(leaf, k * meanShape.length);
      }
      trees.push({ idx1, idx2, thresh, leaves });
    }
    levels.push({ trees, anchor: new Uint32Array(0), deltas: new Float32Array(0) });
  }
  if (r.int() !== levelCount) throw new Error('dlib model: anchor list does not match the cascade');
  for (const level of levels) {
    const n = r.int();
    level.anchor = new Uint32Array(n);
    for (let i = 0; i < n; i++) level.anchor[i] = r.int();
  }
  if (r.int() !== levelCount) throw new Error('dlib model: delta list does not match the cascade');
  for (const level of levels) {
    const n = r.int();
    level.deltas = new Float32Array(2 * n);
    for (let i = 0; i < 2 * n; i++) level.deltas[i] = r.float();
    if (n !== level.anchor.length) throw new Error('dlib model: anchors and deltas differ in length');
  }
  if (!r.done) throw new Error('dlib model: trailing bytes after the shape predictor');
  return makePredictor(meanShape, levels);
}

function makePredictor(meanShape: Float32Array, levels: CascadeLevel[]): ShapePredictor {
  const parts = meanShape.length / 2;
  const meanPoints = pointsOf(meanShape);
  return {
    parts,
    meanShape,
    predict(image, [left, top, width, height]) {
      // dlib's box corners are inclusive pixels: normalised (0,0) → (left, top), (1,1) → (right, bottom).
      const sx = Math.max(width - 1, 1), sy = Math.max(height - 1, 1);
      const shape = Float32Array.from(meanShape);
      let features = new Float32Array(0);
      for (const level of levels) {
        // Rotation and scale (no translation) from the mean shape to the current estimate.
        const m = similarityTransform(meanPoints, pointsOf(shape));
        if (features.length !== level.anchor.length) features = new Float32Array(level.anchor.length);
        for (let i = 0; i < level.anchor.length; i++) {
          const a = level.anchor[i]!, dx = level.deltas[2 * i]!, dy = level.deltas[2 * i + 1]!;
          const nx = m[0] * dx + m[1] * dy + shape[2 * a]!;
          const ny = m[3] * dx + m[4] * dy + shape[2 * a + 1]!;
          features[i] = intensity(image, Math.round(left + nx * sx), Math.round(top + ny * sy));
        }
        for (const tree of level.trees) {
          let node = 0;
          const splits = tree.idx1.length;
          while (node < splits) {
            node = features[tree.idx1[node]!]! - features[tree.idx2[node]!]! > tree.thresh[node]! ? 2 * node + 1 : 2 * node + 2;
          }
          const base = (node - splits) * shape.length;
          for (let k = 0; k < shape.length; k++) shape[k]! += tree.leaves[base + k]!;
        }
      }
      return pointsOf(shape).map((p) => ({ x: left + p.x * sx, y: top + p.y * sy }));
    },
  };
}

function pointsOf(shape: Float32Array): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < shape.length; i += 2) out.push({ x: shape[i]!, y: shape[i + 1]! });
  return out;
}

/** Grey level of one pixel as dlib reads an RGB image ((r + g + b) / 3, truncated); 0 outside. */
function intensity(image: RgbImage, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return 0;
  const o = (y * image.width + x) * 3;
  return Math.floor((image.data[o]! + image.data[o + 1]! + image.data[o + 2]!) / 3);
}

/**
 * The box dlib's detector would most likely have drawn around a face whose landmarks are
 * `points` (same order as the predictor's parts): the square, axis-aligned placement of the
 * predictor's mean shape that fits them best in least squares. The predictor was trained from
 * such boxes, so it starts where it expects to.
 */
export function boxForPoints(predictor: ShapePredictor, points: readonly Point[]): [number, number, number, number] {
  const mean = pointsOf(predictor.meanShape);
  const n = mean.length;
  let mx = 0, my = 0, px = 0, py = 0;
  for (let i = 0; i < n; i++) { mx += mean[i]!.x; my += mean[i]!.y; px += points[i]!.x; py += points[i]!.y; }
  mx /= n; my /= n; px /= n; py /= n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    const ax = mean[i]!.x - mx, ay = mean[i]!.y - my;
    num += ax * (points[i]!.x - px) + ay * (points[i]!.y - py);
    den += ax * ax + ay * ay;
  }
  const s = num / den;
  const left = px - s * mx, top = py - s * my;
  return [left, top, s + 1, s + 1];
}
