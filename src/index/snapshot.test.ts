import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readSnapshot, writeSnapshot } from './snapshot.ts';
import { readNative, writeNative } from './native-files.ts';
import { AbgError } from '../domain/errors.ts';

// Native index files are streamed through the snapshot in chunks, never read whole: at 10M
// vectors a usearch file is over 4 GB. 40 MB spans several chunks and ends mid-chunk.
test('a native file streams into a snapshot and back byte for byte, beside other sections', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-snap-test-'));
  try {
    const native = randomBytes(40 * 1024 * 1024 + 12345);
    const snap = join(dir, 'index.snap');
    await writeSnapshot(snap, 7, async (out) => {
      out.writeJson({ kind: 'test' });
      await writeNative(out, (file) => writeFileSync(file, native));
      out.writeJson('after');
    });
    const { seq, value } = await readSnapshot(snap, async (input) => {
      const head = input.readJson();
      let copied: Buffer | null = null;
      await readNative(input, (file) => { copied = readFileSync(file); });
      return { head, copied: copied as Buffer | null, tail: input.readJson() };
    });
    assert.equal(seq, 7);
    assert.deepEqual(value.head, { kind: 'test' });
    assert.ok(value.copied && native.equals(value.copied), 'native bytes differ after the round trip');
    assert.equal(value.tail, 'after');

    // A truncated snapshot is refused with its code before any native file is loaded.
    truncateSync(snap, 1024 * 1024);
    let loaded = false;
    await assert.rejects(readSnapshot(snap, (input) => readNative(input, () => { loaded = true; })),
      (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_SNAPSHOT_CORRUPT');
    assert.equal(loaded, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
