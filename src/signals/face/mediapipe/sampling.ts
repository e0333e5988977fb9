// Resampling the way TensorFlow's image ops resample, so that the ONNX detector's models see the
// pixels Human fed them on TensorFlow.js: resize_bilinear without corner alignment or half-pixel
// centres, crop_and_resize (box in normalised coordinates scaled by size − 1, zero outside), a
// rotation about a centre by nearest pixel (rotate_with_offset, zero fill) and a mirror. Images are
// interleaved three-channel rows (HWC) of bytes or floats.

export interface Hwc {
  width: number;
  height: number;
  data: Uint8Array | Float32Array;
}

/** A rotation of the source by `angle` radians about (cx, cy) in pixels, as rotate_with_offset applies it. */
export interface Rotation {
  angle: number;
  cx: number;
  cy: number;
}

/** `src` resized to `width` × `height` (bilinear, source position = output position × ratio). */
export function resizeBilinear(src: Hwc, width: number, height: number): Hwc {
  const out = new Float32Array(width * height * 3);
  const cols = taps(width, (x) => (src.width / width) * x, src.width - 1, false);
  const d = src.data, rowStride = src.width * 3;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const fy = (src.height / height) * y, y0 = Math.floor(fy), y1 = Math.min(src.height - 1, Math.ceil(fy)), wy = fy - y0;
    o = bilinearRow(d, y0 * rowStride, y1 * rowStride, wy, cols, out, o);
  }
  return { width, height, data: out };
}

/**
 * The part of `src` inside `box` ([y1, x1, y2, x2], normalised to the image size) resampled to
 * size × size, bilinear, zero where the box leaves the image. With `rotation`, the source is first
 * rotated as rotate_with_offset rotates it (each rotated pixel the nearest source pixel, zero
 * outside); only the pixels the crop reads are computed.
 */
export function cropAndResize(src: Hwc, box: [number, number, number, number], size: number, rotation?: Rotation): Hwc {
  const out = new Float32Array(size * size * 3);
  // Sample positions in float32, as TensorFlow's kernel places them: on a large image, doubles would
  // put some samples a fraction of a pixel elsewhere, and a face crop's mesh several pixels elsewhere.
  const f = Math.fround;
  const [y1, x1, y2, x2] = box.map(f) as [number, number, number, number];
  const h1 = src.height - 1, w1 = src.width - 1;
  const sy = size > 1 ? f(f(f(y2 - y1) * h1) / (size - 1)) : 0, sx = size > 1 ? f(f(f(x2 - x1) * w1) / (size - 1)) : 0;
  const row = (y: number) => f(f(y1 * h1) + f(y * sy));
  const cols = taps(size, (x) => f(f(x1 * w1) + f(x * sx)), w1, true);
  const d = src.data, rowStride = src.width * 3;
  const lookup = rotation ? rotatedLookup(src, rotation, cols, [row(0), row(size - 1)], h1) : undefined;
  for (let y = 0; y < size; y++) {
    const fy = row(y);
    if (fy < 0 || fy > h1) continue;
    const top = Math.floor(fy), bottom = Math.ceil(fy), wy = f(fy - top);
    if (lookup) rotatedRow(src, lookup, top, bottom, wy, cols, out, y * size * 3);
    else bilinearRow(d, top * rowStride, bottom * rowStride, wy, cols, out, y * size * 3);
  }
  return { width: size, height: size, data: out };
}

// The rotated pixels a crop reads: its columns' taps by the rows between its first and last sample row.
function rotatedLookup(src: Hwc, r: Rotation, cols: Taps, [fy0, fy1]: [number, number], last: number): RotatedLookup | undefined {
  const inside = Array.from(cols.left).filter((l) => l >= 0);
  if (inside.length === 0) return undefined;
  const y0 = Math.max(0, Math.floor(Math.min(fy0, fy1))), y1 = Math.min(last, Math.ceil(Math.max(fy0, fy1)));
  return new RotatedLookup(src, r, Math.min(...inside), Math.max(...Array.from(cols.right)), y0, y1);
}

// Per output column: the left and right source column and the weight of the right one. A crop
// marks a column outside the source with −1 (its output stays zero); a resize clamps to the edge.
interface Taps {
  left: Int32Array;
  right: Int32Array;
  weight: Float64Array;
}

function taps(n: number, at: (x: number) => number, last: number, crop: boolean): Taps {
  const t: Taps = { left: new Int32Array(n), right: new Int32Array(n), weight: new Float64Array(n) };
  for (let x = 0; x < n; x++) {
    const fx = at(x);
    const outside = crop && (fx < 0 || fx > last);
    t.left[x] = outside ? -1 : Math.floor(fx);
    t.right[x] = outside ? -1 : Math.min(last, Math.ceil(fx));
    t.weight[x] = outside ? 0 : Math.fround(fx - Math.floor(fx));
  }
  return t;
}

// One output row from two source rows (offsets of their first byte), returning the next output offset.
function bilinearRow(d: Uint8Array | Float32Array, top: number, bottom: number, wy: number, cols: Taps, out: Float32Array, o: number): number {
  for (let x = 0; x < cols.left.length; x++, o += 3) {
    const l = cols.left[x]!, r = cols.right[x]!, wx = cols.weight[x]!;
    if (l < 0) continue;
    const tl = top + l * 3, tr = top + r * 3, bl = bottom + l * 3, br = bottom + r * 3;
    for (let c = 0; c < 3; c++) {
      const t = d[tl + c]! + (d[tr + c]! - d[tl + c]!) * wx, b = d[bl + c]! + (d[br + c]! - d[bl + c]!) * wx;
      out[o + c] = t + (b - t) * wy;
    }
  }
  return o;
}

// One output row of a crop from the rotated source; each of the four taps is the nearest source
// pixel under the rotation, looked up once per pixel of the rotated image the crop touches.
function rotatedRow(src: Hwc, lookup: RotatedLookup, top: number, bottom: number, wy: number, cols: Taps, out: Float32Array, o: number): void {
  const d = src.data;
  for (let x = 0; x < cols.left.length; x++, o += 3) {
    const l = cols.left[x]!, rt = cols.right[x]!, wx = cols.weight[x]!;
    if (l < 0) continue;
    const tl = lookup.at(l, top), tr = lookup.at(rt, top), bl = lookup.at(l, bottom), br = lookup.at(rt, bottom);
    for (let c = 0; c < 3; c++) {
      const vtl = tl < 0 ? 0 : d[tl + c]!, vtr = tr < 0 ? 0 : d[tr + c]!, vbl = bl < 0 ? 0 : d[bl + c]!, vbr = br < 0 ? 0 : d[br + c]!;
      const t = vtl + (vtr - vtl) * wx, b = vbl + (vbr - vbl) * wx;
      out[o + c] = t + (b - t) * wy;
    }
  }
}

// Source offsets of the rotated image's pixels over the columns and rows a crop reads (−1: outside the source).
class RotatedLookup {
  readonly #map: Int32Array;
  readonly #x0: number;
  readonly #y0: number;
  readonly #w: number;

  constructor(src: Hwc, r: Rotation, x0: number, x1: number, y0: number, y1: number) {
    this.#x0 = x0;
    this.#y0 = y0;
    this.#w = x1 - x0 + 1;
    this.#map = new Int32Array(this.#w * (y1 - y0 + 1));
    // In float32 as TensorFlow's kernel computes it: in doubles a few pixels a frame round the other way.
    const f = Math.fround;
    const cos = f(Math.cos(f(r.angle))), sin = f(Math.sin(f(r.angle))), cx = f(r.cx), cy = f(r.cy);
    let i = 0;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const dx = f(x - cx), dy = f(y - cy);
        const sx = Math.round(f(f(f(dx * cos) - f(dy * sin)) + cx)), sy = Math.round(f(f(f(dx * sin) + f(dy * cos)) + cy));
        this.#map[i++] = sx >= 0 && sx < src.width && sy >= 0 && sy < src.height ? (sy * src.width + sx) * 3 : -1;
      }
    }
  }

  at(x: number, y: number): number {
    return this.#map[(y - this.#y0) * this.#w + (x - this.#x0)]!;
  }
}

/** `src` mirrored left to right. */
export function flipLeftRight(src: Hwc): Hwc {
  const out = new Float32Array(src.data.length);
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      const from = (y * src.width + (src.width - 1 - x)) * 3, to = (y * src.width + x) * 3;
      out[to] = src.data[from]!;
      out[to + 1] = src.data[from + 1]!;
      out[to + 2] = src.data[from + 2]!;
    }
  }
  return { width: src.width, height: src.height, data: out };
}

/** The images one after another as planes (NCHW), each value × scale + offset. */
export function toNchw(images: Hwc[], scale: number, offset: number): Float32Array {
  const plane = images[0] ? images[0].width * images[0].height : 0;
  const out = new Float32Array(images.length * plane * 3);
  images.forEach((img, n) => {
    const base = n * plane * 3;
    for (let p = 0; p < plane; p++) {
      out[base + p] = img.data[p * 3]! * scale + offset;
      out[base + plane + p] = img.data[p * 3 + 1]! * scale + offset;
      out[base + 2 * plane + p] = img.data[p * 3 + 2]! * scale + offset;
    }
  });
  return out;
}
