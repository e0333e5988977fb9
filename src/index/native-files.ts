// Native indexes save and load only through files; these helpers stream their bytes in and out
// of our snapshot payload (a length, then the bytes) through a private temporary directory.
// Nothing holds a whole native file in memory: at 10M vectors one is over 4 GB, beyond what a
// single Node buffer can be read into.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail } from '../domain/errors.ts';
import type { PayloadReader, PayloadWriter } from './types.ts';

export async function viaTempFile<T>(fn: (file: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'abg-index-'));
  try {
    return await fn(join(dir, 'native.bin'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `save(file)` and appends the file to the payload as its length, then its bytes. */
export function writeNative(out: PayloadWriter, save: (file: string) => void | Promise<unknown>): Promise<void> {
  return viaTempFile(async (file) => {
    await save(file);
    const { size } = statSync(file);
    out.writeJson(size);
    if (out.writeFile(file) !== size) throw new Error('The native index file changed while it was copied.');
  });
}

/** Reads what writeNative wrote into a temporary file and runs `load(file)`. */
export function readNative(input: PayloadReader, load: (file: string) => void | Promise<unknown>): Promise<void> {
  const length = input.readJson();
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Bad native length.');
  return viaTempFile(async (file) => {
    input.readToFile(length, file);
    await load(file);
  });
}
