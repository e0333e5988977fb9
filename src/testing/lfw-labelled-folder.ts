// A labelled folder (one sub-folder per person) copied from LFW, for calibration tests.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lfw } from './face-test-data.ts';

/** The first `people` LFW people (by name) with at least `each` images, `each` of their images copied into `dir`. */
export function lfwLabelledFolder(dir: string, people: number, each: number): string {
  const chosen = readdirSync(lfw).filter((p) => !p.includes('.')).sort().filter((p) => readdirSync(join(lfw, p)).length >= each).slice(0, people);
  for (const p of chosen) {
    mkdirSync(join(dir, p), { recursive: true });
    for (const f of readdirSync(join(lfw, p)).sort().slice(0, each)) copyFileSync(join(lfw, p, f), join(dir, p, f));
  }
  return dir;
}
