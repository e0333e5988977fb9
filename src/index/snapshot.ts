// The snapshot file around an index payload:
//   bytes 0..7   magic "ABGSNAP1"
//   bytes 8..15  store change sequence the snapshot covers (uint64, little-endian)
//   bytes 16..23 payload length in bytes (uint64, little-endian)
//   bytes 24..55 SHA-256 of the payload
//   bytes 56..63 reserved (zero)
//   bytes 64..   payload
// Written to a temporary file, synced, then renamed over the old one, so a crash leaves either
// the old or the new snapshot. Read back only after the checksum matched.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fail } from '../domain/errors.ts';
import type { PayloadReader, PayloadWriter } from './types.ts';

const MAGIC = Buffer.from('ABGSNAP1', 'latin1');
const HEADER = 64;
const CHUNK = 1 << 24;

/** Writes a snapshot atomically; `write` appends the payload. */
export async function writeSnapshot(file: string, seq: number, write: (out: PayloadWriter) => Promise<void>): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const hash = createHash('sha256');
    let pos = HEADER;
    const out: PayloadWriter = {
      write(bytes) {
        for (let off = 0; off < bytes.byteLength; off += CHUNK) {
          const part = bytes.subarray(off, Math.min(bytes.byteLength, off + CHUNK));
          hash.update(part);
          let done = 0;
          while (done < part.byteLength) done += writeSync(fd, part, done, part.byteLength - done, pos + done);
          pos += part.byteLength;
        }
      },
      writeFile(path) {
        const src = openSync(path, 'r');
        try {
          const buf = Buffer.alloc(CHUNK);
          let total = 0;
          for (let n; (n = readSync(src, buf, 0, CHUNK, total)) > 0; total += n) this.write(buf.subarray(0, n));
          return total;
        } finally {
          closeSync(src);
        }
      },
      writeJson(value) {
        const body = Buffer.from(JSON.stringify(value), 'utf8');
        const len = Buffer.alloc(8);
        len.writeBigUInt64LE(BigInt(body.byteLength));
        this.write(len);
        this.write(body);
      },
    };
    await write(out);
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header, 0);
    header.writeBigUInt64LE(BigInt(seq), 8);
    header.writeBigUInt64LE(BigInt(pos - HEADER), 16);
    hash.digest().copy(header, 24);
    writeSync(fd, header, 0, HEADER, 0);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

/**
 * Verifies a snapshot's checksum, then lets `read` parse the payload. Throws
 * ABG_ERR_SNAPSHOT_CORRUPT on a bad magic, a truncated file, a checksum mismatch or a payload
 * that `read` cannot parse.
 */
export async function readSnapshot<T>(file: string, read: (input: PayloadReader) => Promise<T>): Promise<{ seq: number; value: T }> {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(HEADER);
    if (size < HEADER || readSync(fd, header, 0, HEADER, 0) !== HEADER) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The file is shorter than its header.');
    if (!header.subarray(0, 8).equals(MAGIC)) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The file is not an index snapshot.');
    const seq = Number(header.readBigUInt64LE(8));
    const length = Number(header.readBigUInt64LE(16));
    if (size !== HEADER + length) fail('ABG_ERR_SNAPSHOT_CORRUPT', `Expected ${HEADER + length} bytes, found ${size} (truncated?).`);
    const hash = createHash('sha256');
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, length)));
    for (let off = 0; off < length; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, length - off), HEADER + off);
      if (n <= 0) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Unexpected end of file.');
      hash.update(buf.subarray(0, n));
      off += n;
    }
    if (!hash.digest().equals(header.subarray(24, 56))) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Checksum mismatch.');
    let pos = HEADER;
    const end = HEADER + length;
    const input: PayloadReader = {
      read(n) {
        if (pos + n > end) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The payload ends early.');
        const out = new Uint8Array(n);
        for (let done = 0; done < n; ) {
          const got = readSync(fd, out, done, Math.min(CHUNK, n - done), pos + done);
          if (got <= 0) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Unexpected end of file.');
          done += got;
        }
        pos += n;
        return out;
      },
      readToFile(n, path) {
        if (pos + n > end) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The payload ends early.');
        const dst = openSync(path, 'w');
        try {
          const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, n)));
          for (let done = 0; done < n; ) {
            const got = readSync(fd, buf, 0, Math.min(buf.length, n - done), pos + done);
            if (got <= 0) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Unexpected end of file.');
            for (let w = 0; w < got; ) w += writeSync(dst, buf, w, got - w);
            done += got;
          }
        } finally {
          closeSync(dst);
        }
        pos += n;
      },
      readJson() {
        const len = Number(Buffer.from(this.read(8)).readBigUInt64LE(0));
        const body = this.read(len);
        try {
          return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
        } catch {
          fail('ABG_ERR_SNAPSHOT_CORRUPT', 'A JSON section does not parse.');
        }
      },
    };
    const value = await read(input);
    return { seq, value };
  } finally {
    closeSync(fd);
  }
}

/** Copies a typed array's bytes (little-endian, as in memory on every supported platform). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
