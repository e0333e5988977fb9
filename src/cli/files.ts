// Expands files and folders given on the command line into the image files under them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { AbgError, fail } from '../domain/errors.ts';

/** ANSI/NIST-ITL transactions and ISO/IEC 19794-5 records: they carry their own subject reference (TCN) and provenance. */
export const exchangeExtensions = new Set(['.an2', '.eft', '.nist', '.fac', '.iso', '.iso2005']);
export const imageExtensions = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.heic', '.heif', '.bmp', ...exchangeExtensions]);

/** Every file under the given paths (folders recursively, sorted); only images unless `all`. */
export function expandPaths(paths: string[], options: { all?: boolean; extensions?: Set<string> } = {}): string[] {
  const exts = options.extensions ?? imageExtensions;
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      fail('ABG_ERR_FILE_NOT_FOUND', `No such file or folder: ${p}`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(join(p, name), false);
    } else if (explicit || options.all || exts.has(extname(p).toLowerCase())) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}

/** Every file under the given paths, directories walked recursively in name order, hidden entries skipped; a missing path is yielded as given, so the caller reports it per file. */
export async function* walkFiles(paths: string[]): AsyncGenerator<string> {
  for (const p of paths) {
    let s;
    try { s = await stat(p); } catch { yield p; continue; }
    if (s.isDirectory()) {
      const names = (await readdir(p)).filter((n) => !n.startsWith('.')).sort();
      yield* walkFiles(names.map((n) => join(p, n)));
    } else yield p;
  }
}


/** The coded error for a file system error about a path the user named; undefined for any other error. */
export function fileError(e: unknown, path?: string): AbgError | undefined {
  const err = e as NodeJS.ErrnoException;
  const p = path ?? err.path;
  if (!(err instanceof Error) || typeof p !== 'string') return undefined;
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return new AbgError('ABG_ERR_FILE_NOT_FOUND', `No such file: ${p}`);
  if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EISDIR') return new AbgError('ABG_ERR_FILE_UNREADABLE', `${p}: ${err.code === 'EISDIR' ? 'a folder, not a file' : 'permission denied'}`);
  return undefined;
}

/** The bytes of a file named on the command line; a missing or unreadable one is a coded error. */
export function readInputFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw fileError(e, path) ?? e;
  }
}

/** The text of a file named on the command line, as `readInputFile`. */
export function readInputText(path: string): string {
  return Buffer.from(readInputFile(path)).toString('utf8');
}
