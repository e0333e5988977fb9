// LFW View 2 protocol files and the per-image embedding cache the face benchmarks share.
// The cache (bench/out/face-lfw/, git-ignored) holds, per image, the detection chosen for the
// labelled person and each model's embedding of its chip and of the chip's mirror image.
import { existsSync, readFileSync, readdirSync, appendFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const lfwDir = fileURLToPath(new URL('../../../shared/data/lfw/', import.meta.url));
export const cacheDir = fileURLToPath(new URL('../out/face-lfw/', import.meta.url));

export interface LfwPair {
  fold: number;
  a: string;
  b: string;
  same: boolean;
}

export function lfwAvailable(): boolean {
  return existsSync(`${lfwDir}pairs.txt`);
}

export function imagePath(name: string, index: string | number): string {
  return `${name}/${name}_${String(index).padStart(4, '0')}.jpg`;
}

/** pairs.txt: a header "10 300", then per fold 300 matched (name i j) and 300 mismatched (n1 i n2 j) lines. */
export function readPairs(): LfwPair[] {
  const lines = readFileSync(`${lfwDir}pairs.txt`, 'utf8').trim().split(/\r?\n/);
  const [folds, per] = lines[0]!.trim().split(/\s+/).map(Number) as [number, number];
  const pairs: LfwPair[] = [];
  for (let i = 1; i < lines.length; i++) {
    const c = lines[i]!.trim().split(/\s+/);
    const fold = Math.floor((i - 1) / (2 * per));
    if (fold >= folds) break;
    if (c.length === 3) pairs.push({ fold, a: imagePath(c[0]!, c[1]!), b: imagePath(c[0]!, c[2]!), same: true });
    else pairs.push({ fold, a: imagePath(c[0]!, c[1]!), b: imagePath(c[2]!, c[3]!), same: false });
  }
  return pairs;
}

export function uniqueImages(pairs: LfwPair[]): string[] {
  return [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
}

export function identityOf(file: string): string {
  return file.split('/')[0]!;
}

export interface CachedFace {
  box: [number, number, number, number];
  score: number;
  unified: number;
  interEyePx: number;
  yaw: number;
  pitch: number;
  roll: number;
  sharpness: number;
  exposure: number;
}

export interface CachedImage {
  file: string;
  facesFound: number;
  face?: CachedFace;
  /** model alias → [embedding of the chip, embedding of the mirror image of its mirror view where computed] */
  embeddings: Record<string, [Float32Array] | [Float32Array, Float32Array]>;
}

export function encodeVector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

export function decodeVector(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function appendCache(part: string, entry: CachedImage): void {
  mkdirSync(cacheDir, { recursive: true });
  const emb = Object.fromEntries(Object.entries(entry.embeddings).map(([k, v]) => [k, v.map(encodeVector)]));
  appendFileSync(`${cacheDir}${part}.jsonl`, JSON.stringify({ ...entry, embeddings: emb }) + '\n');
}

/** Every cached image from every part file. */
export function readCache(): Map<string, CachedImage> {
  const out = new Map<string, CachedImage>();
  if (!existsSync(cacheDir)) return out;
  for (const f of readdirSync(cacheDir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(`${cacheDir}${f}`, 'utf8').split('\n')) {
      if (!line) continue;
      let raw: { file: string; facesFound: number; face?: CachedFace; embeddings: Record<string, string[]> };
      try { raw = JSON.parse(line); } catch { continue; } // a line cut short by an interrupted run
      const embeddings = Object.fromEntries(Object.entries(raw.embeddings).map(([k, v]) => [k, v.map(decodeVector)])) as CachedImage['embeddings'];
      out.set(raw.file, { file: raw.file, facesFound: raw.facesFound, ...(raw.face ? { face: raw.face } : {}), embeddings });
    }
  }
  return out;
}

/** Each image of the pairs with the first fold (0-based) that names it, in fold order. */
export function firstFolds(pairs: LfwPair[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pairs) for (const f of [p.a, p.b]) if (!out.has(f)) out.set(f, p.fold);
  return out;
}
