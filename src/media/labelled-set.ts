// Labelled sets for calibration: a folder with one sub-folder per person, LFW-style pairs (a
// pairs file whose names resolve to <images>/<person>/<person>_<NNNN>.jpg), or a zip of either
// (read within the archive limits). A malformed pairs file or an empty set is ABG_ERR_CALIBRATION_SET.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fail } from '../domain/errors.ts';
import type { LabelledImage, LabelledSet } from '../services/ports/calibration.ts';
import { readZip, type ArchiveLimits } from './archive.ts';

const imageFile = /\.(jpe?g|png|webp|bmp|gif|tiff?)$/i;

/** One sub-folder per person, its images inside (hidden files and other files skipped). */
export function readLabelledFolder(dir: string): LabelledSet {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail('ABG_ERR_FILE_NOT_FOUND', `${basename(dir)} is not a folder.`);
  const images: LabelledImage[] = [];
  for (const person of readdirSync(dir).sort()) {
    const folder = join(dir, person);
    if (person.startsWith('.') || !statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder).sort()) {
      if (imageFile.test(file)) images.push({ person, name: `${person}/${file}`, read: async () => new Uint8Array(await readFile(join(folder, file))) });
    }
  }
  if (images.length === 0) fail('ABG_ERR_CALIBRATION_SET', `${basename(dir)} has no person folder with an image in it.`);
  return { kind: 'folders', name: basename(dir), images };
}

/** LFW-style pairs: "name n1 n2" (same person) or "name1 n1 name2 n2" (two people); a first line of counts is skipped. */
export function readLabelledPairs(pairsFile: string, imagesDir = dirname(pairsFile)): LabelledSet {
  if (!existsSync(pairsFile) || !statSync(pairsFile).isFile()) fail('ABG_ERR_FILE_NOT_FOUND', `${basename(pairsFile)} is not a file.`);
  return pairsSet(basename(pairsFile), readFileSync(pairsFile, 'utf8'), (name) => {
    const path = join(imagesDir, name);
    return async () => new Uint8Array(await readFile(path));
  });
}

/** A zip holding person folders, or a pairs.txt beside them; names are relative to the zip's one top folder, if it has one. */
export async function readLabelledZip(zipPath: string, name: string, limits: Partial<ArchiveLimits> = {}): Promise<LabelledSet> {
  const files = new Map<string, Uint8Array>();
  await readZip(zipPath, (e, data) => { files.set(e.name, data); }, limits);
  const tops = new Set([...files.keys()].map((n) => n.split('/')[0]!));
  const prefix = tops.size === 1 && [...files.keys()].every((n) => n.includes('/')) ? `${[...tops][0]}/` : '';
  const inner = new Map([...files].map(([n, d]) => [n.slice(prefix.length), d]));
  const pairsText = inner.get('pairs.txt');
  if (pairsText) {
    return pairsSet(name, new TextDecoder().decode(pairsText), (n) => async () => inner.get(n) ?? fail('ABG_ERR_FILE_NOT_FOUND', `${n} is not in the archive.`));
  }
  const images: LabelledImage[] = [...inner.keys()].filter((n) => /^[^/]+\/[^/]+$/.test(n) && imageFile.test(n) && !n.startsWith('.')).sort().map((n) => ({
    person: n.split('/')[0]!, name: n, read: async () => inner.get(n)!,
  }));
  if (images.length === 0) fail('ABG_ERR_CALIBRATION_SET', 'The archive holds neither a pairs.txt nor person folders with images.');
  return { kind: 'folders', name, images };
}

function pairsSet(name: string, text: string, reader: (path: string) => () => Promise<Uint8Array>): LabelledSet {
  const images: LabelledImage[] = [];
  const index = new Map<string, number>();
  const image = (person: string, n: string, line: number): number => {
    if (!/^\d{1,5}$/.test(n)) fail('ABG_ERR_CALIBRATION_SET', `Line ${line} of ${name}: "${n}" is not an image number.`);
    const path = `${person}/${person}_${n.padStart(4, '0')}.jpg`;
    let i = index.get(path);
    if (i === undefined) {
      i = images.push({ person, name: path, read: reader(path) }) - 1;
      index.set(path, i);
    }
    return i;
  };
  const pairs: NonNullable<LabelledSet['pairs']> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const f = raw.trim().split(/\s+/).filter(Boolean);
    if (f.length === 0 || (i === 0 && f.every((x) => /^\d+$/.test(x)))) return;
    if (f.length === 3) pairs.push({ a: image(f[0]!, f[1]!, i + 1), b: image(f[0]!, f[2]!, i + 1), genuine: true });
    else if (f.length === 4) pairs.push({ a: image(f[0]!, f[1]!, i + 1), b: image(f[2]!, f[3]!, i + 1), genuine: f[0] === f[2] });
    else fail('ABG_ERR_CALIBRATION_SET', `Line ${i + 1} of ${name} has ${f.length} fields; a pair is "name n1 n2" or "name1 n1 name2 n2".`);
  });
  if (pairs.length === 0) fail('ABG_ERR_CALIBRATION_SET', `${name} lists no pair.`);
  return { kind: 'pairs', name, images, pairs };
}
