// Turns what an investigator hands over — folders, files, zip archives — into triage inputs, one
// file at a time. An archive is checked as a whole before any entry is read (../ names, absolute
// paths, symlinks, zip bombs); a refused or broken archive becomes one coded error and the run
// goes on with the other inputs.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TriageInput } from '../services/triage.service.ts';
import { readZip, type ArchiveLimits } from './archive.ts';
import { codedError } from './coded-error.ts';

function coded(e: unknown): { code: string; message: string } {
  if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return { code: 'ABG_ERR_NOT_FOUND', message: 'No such file or folder.' };
  return codedError(e);
}

const isZipName = (name: string) => name.toLowerCase().endsWith('.zip');

/** Entries of one archive as inputs named `<archive>/<entry>`; a violation ends it with one error input. */
export async function* zipInputs(path: string, displayName: string, limits: Partial<ArchiveLimits> = {}): AsyncGenerator<TriageInput> {
  const queue: TriageInput[] = [];
  let wake: (() => void) | null = null;
  let resume: (() => void) | null = null;
  let done = false;
  let failure: unknown;
  // readZip pushes one entry and waits until it is taken, so at most one entry is held in memory.
  void readZip(path, (entry, data) => {
    queue.push({ name: `${displayName}/${entry.name}`, bytes: data });
    wake?.();
    return new Promise<void>((r) => { resume = r; });
  }, limits).then(() => { done = true; }, (e) => { failure = e; done = true; }).finally(() => wake?.());
  for (;;) {
    if (queue.length > 0) {
      yield queue.shift()!;
      const r = resume as (() => void) | null;
      resume = null;
      r?.();
      continue;
    }
    if (done) break;
    await new Promise<void>((r) => { wake = r; });
    wake = null;
  }
  if (failure !== undefined) yield { name: displayName, error: coded(failure) };
}

/** Every file under the given paths (folders recursively, in name order; zips expanded). */
export async function* pathInputs(paths: string[], limits: Partial<ArchiveLimits> = {}): AsyncGenerator<TriageInput> {
  for (const p of paths) {
    let s;
    try { s = await stat(p); } catch (e) { yield { name: p, error: coded(e) }; continue; }
    if (s.isDirectory()) {
      const names = (await readdir(p)).filter((n) => !n.startsWith('.')).sort();
      yield* pathInputs(names.map((n) => join(p, n)), limits);
    } else if (isZipName(p)) {
      yield* zipInputs(p, p, limits);
    } else {
      try { yield { name: p, bytes: new Uint8Array(await readFile(p)) }; } catch (e) { yield { name: p, error: coded(e) }; }
    }
  }
}

/** Uploaded files (in memory); zips are spilled to a temporary file and expanded. */
export async function* uploadInputs(files: { fileName: string; data: Uint8Array }[], tempDir: string, limits: Partial<ArchiveLimits> = {}): AsyncGenerator<TriageInput> {
  let n = 0;
  for (const f of files) {
    if (isZipName(f.fileName)) {
      const path = join(tempDir, `upload-${n++}.zip`);
      await writeFile(path, f.data);
      yield* zipInputs(path, f.fileName, limits);
    } else yield { name: f.fileName, bytes: f.data };
  }
}

/** How many inputs `pathInputs` will yield (zip entries counted from the directory), for progress. */
export async function countInputs(paths: string[], limits: Partial<ArchiveLimits> = {}): Promise<number> {
  const { listZip } = await import('./archive.ts');
  let n = 0;
  for (const p of paths) {
    let s;
    try { s = await stat(p); } catch { n++; continue; }
    if (s.isDirectory()) n += await countInputs((await readdir(p)).filter((x) => !x.startsWith('.')).map((x) => join(p, x)), limits);
    else if (isZipName(p)) n += await listZip(p, limits).then((e) => e.length, () => 1);
    else n++;
  }
  return n;
}
