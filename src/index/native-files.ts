// Native indexes save and load only through files; these helpers move their bytes in and out
// of our snapshot payload through a private temporary directory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function viaTempFile<T>(fn: (file: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'abg-index-'));
  try {
    return await fn(join(dir, 'native.bin'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `save(file)` and returns the file's bytes. */
export function nativeBytes(save: (file: string) => void | Promise<unknown>): Promise<Uint8Array> {
  return viaTempFile(async (file) => {
    await save(file);
    return readFileSync(file);
  });
}

/** Writes `bytes` to a temporary file and runs `load(file)`. */
export function loadNative(bytes: Uint8Array, load: (file: string) => void | Promise<unknown>): Promise<void> {
  return viaTempFile(async (file) => {
    writeFileSync(file, bytes);
    await load(file);
  });
}
