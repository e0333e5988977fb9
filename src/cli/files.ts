// Expands files and folders given on the command line into the image files under them.
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fail } from '../domain/errors.ts';

export const imageExtensions = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.heic', '.heif', '.bmp']);

/** Every file under the given paths (folders recursively, sorted); only images unless `all`. */
export function expandPaths(paths: string[], options: { all?: boolean; extensions?: Set<string> } = {}): string[] {
  const exts = options.extensions ?? imageExtensions;
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      fail('ABG_ERR_NOT_FOUND', `No such file or folder: ${p}`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(join(p, name), false);
    } else if (explicit || options.all || exts.has(extname(p).toLowerCase())) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}
