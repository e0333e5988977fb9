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

test('a sealed snapshot round-trips, holds none of its payload in plain, and is refused when tampered, under another key, or read without one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-snap-test-'));
  try {
    const key = { key: randomBytes(32), id: 'k1' };
    const native = randomBytes(3 * 1024 * 1024 + 77);
    const marker = 'a template that must not be readable on disk';
    const snap = join(dir, 'index.snap');
    const write = (file: string, k?: typeof key) => writeSnapshot(file, 9, async (out) => {
      out.writeJson({ marker });
      await writeNative(out, (f) => writeFileSync(f, native));
    }, k);
    const read = (file: string, k?: typeof key) => readSnapshot(file, async (input) => {
      const head = input.readJson() as { marker: string };
      let copied: Buffer | null = null;
      await readNative(input, (f) => { copied = readFileSync(f); });
      return { head, copied: copied as Buffer | null };
    }, k);
    await write(snap, key);
    const onDisk = readFileSync(snap);
    assert.equal(onDisk.subarray(0, 8).toString('latin1'), 'ABGSNAP2');
    assert.ok(!onDisk.includes(Buffer.from(marker)) && !onDisk.includes(native.subarray(1000, 1064)), 'payload readable in the file');
    const { seq, value } = await read(snap, key);
    assert.equal(seq, 9);
    assert.equal(value.head.marker, marker);
    assert.ok(value.copied && native.equals(value.copied));

    const corrupt = (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_SNAPSHOT_CORRUPT';
    await assert.rejects(read(snap), corrupt, 'read without a key');
    await assert.rejects(read(snap, { key: randomBytes(32), id: 'k2' }), corrupt, 'another key id');
    await assert.rejects(read(snap, { key: randomBytes(32), id: 'k1' }), corrupt, 'same id, other key');
    const tampered = Buffer.from(onDisk);
    tampered[tampered.length - 5]! ^= 0x01;
    writeFileSync(snap, tampered);
    await assert.rejects(read(snap, key), corrupt, 'a flipped bit');
    const seqChanged = Buffer.from(onDisk);
    seqChanged[8]! ^= 0x01;
    writeFileSync(snap, seqChanged);
    await assert.rejects(read(snap, key), corrupt, 'a changed sequence');
    await write(snap);
    await assert.rejects(read(snap, key), corrupt, 'a plain snapshot where a sealed one is expected');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
