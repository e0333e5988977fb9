// The files of a data directory as bytes, for tests that show what is (no longer) on disk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file of the data directory but the master key. */
export function dataFiles(dir: string): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (relative(dir, p) !== join('keys', 'master.key')) out.push({ name: relative(dir, p), bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}
