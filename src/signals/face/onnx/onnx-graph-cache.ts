// Graphs written at first use and cached in a directory (the data directory's models/ folder in a
// server) with their sha256 beside them: checked on every load, rebuilt when absent or changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CachedGraph {
  bytes: Uint8Array;
  sha256: string;
  file: string;
  /** Whether this call wrote the file. */
  built: boolean;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The graph `fileName` in `dir`; written from `build()` when absent or when the file no longer has its recorded hash. */
export function ensureCachedGraph(dir: string, fileName: string, build: () => Uint8Array): CachedGraph {
  const file = join(dir, fileName);
  if (existsSync(file) && existsSync(`${file}.sha256`)) {
    const bytes = new Uint8Array(readFileSync(file));
    const hash = sha256(bytes);
    if (hash === readFileSync(`${file}.sha256`, 'utf8').trim()) return { bytes, sha256: hash, file, built: false };
  }
  const bytes = build();
  const hash = sha256(bytes);
  mkdirSync(dir, { recursive: true });
  // Several workers may build at once: each writes its own temporary file and renames it.
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  writeFileSync(`${tmp}.sha256`, `${hash}\n`);
  renameSync(`${tmp}.sha256`, `${file}.sha256`);
  return { bytes, sha256: hash, file, built: true };
}
