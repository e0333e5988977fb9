// Media tools that read from a path (ffmpeg, ffprobe) get bytes through a private temporary file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes the bytes to a file in a fresh temporary folder, runs `fn` on its path, then removes the folder. */
export async function withTempFile<T>(prefix: string, bytes: Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    const path = join(dir, 'media');
    await writeFile(path, bytes);
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
