// The snapshot file around an index payload, plain (ABGSNAP1) or sealed (ABGSNAP2).
// ABGSNAP1:
//   bytes 0..7   magic "ABGSNAP1"
//   bytes 8..15  store change sequence the snapshot covers (uint64, little-endian)
//   bytes 16..23 payload length in bytes (uint64, little-endian)
//   bytes 24..55 SHA-256 of the payload
//   bytes 56..63 reserved (zero)
//   bytes 64..   payload
// ABGSNAP2, written when a key is given (face templates are personal data):
//   bytes 0..7   magic "ABGSNAP2"
//   bytes 8..15  sequence, bytes 16..23 payload length, as above
//   bytes 24..39 key id (ASCII): which key sealed it
//   bytes 40..51 AES-256-GCM nonce, bytes 52..67 its tag; bytes 68..95 reserved (zero)
//   bytes 96..   the payload, encrypted; bytes 0..15 and the key id are associated data
// Written to a temporary file, synced, then renamed over the old one, so a crash leaves either
// the old or the new snapshot. Read back only after the checksum (or the tag) matched.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { fail } from '../domain/errors.ts';
import type { PayloadReader, PayloadWriter } from './types.ts';

const MAGIC = Buffer.from('ABGSNAP1', 'latin1');
const SEALED_MAGIC = Buffer.from('ABGSNAP2', 'latin1');
const HEADER = 64;
const SEALED_HEADER = 96;
const CHUNK = 1 << 24;

/** The key that seals snapshots (32 bytes) and a short id naming it (at most 16 ASCII characters). */
export interface SnapshotKey {
  key: Buffer;
  id: string;
}

interface BodyWriter {
  header: number;
  encode(part: Uint8Array): Uint8Array;
  /** The header, once the payload is written. */
  finish(seq: number, length: number): Buffer;
}

function plainWriter(): BodyWriter {
  const hash = createHash('sha256');
  return {
    header: HEADER,
    encode: (part) => (hash.update(part), part),
    finish(seq, length) {
      const header = Buffer.alloc(HEADER);
      MAGIC.copy(header, 0);
      header.writeBigUInt64LE(BigInt(seq), 8);
      header.writeBigUInt64LE(BigInt(length), 16);
      hash.digest().copy(header, 24);
      return header;
    },
  };
}

function sealedWriter(k: SnapshotKey, seq: number): BodyWriter {
  const header = Buffer.alloc(SEALED_HEADER);
  SEALED_MAGIC.copy(header, 0);
  header.writeBigUInt64LE(BigInt(seq), 8);
  header.write(k.id.slice(0, 16).padEnd(16, ' '), 24, 'latin1');
  const iv = randomBytes(12);
  iv.copy(header, 40);
  const c = createCipheriv('aes-256-gcm', k.key, iv);
  c.setAAD(associated(header));
  return {
    header: SEALED_HEADER,
    encode: (part) => c.update(part),
    finish(_seq, length) {
      c.final();
      header.writeBigUInt64LE(BigInt(length), 16);
      c.getAuthTag().copy(header, 52);
      return header;
    },
  };
}

const associated = (header: Buffer) => Buffer.concat([header.subarray(0, 16), header.subarray(24, 40)]);

/** Writes a snapshot atomically; `write` appends the payload. With a key the payload is sealed (ABGSNAP2). */
export async function writeSnapshot(file: string, seq: number, write: (out: PayloadWriter) => Promise<void>, key?: SnapshotKey): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const body = key ? sealedWriter(key, seq) : plainWriter();
    let pos = body.header;
    const out: PayloadWriter = {
      write(bytes) {
        for (let off = 0; off < bytes.byteLength; off += CHUNK) {
          const part = body.encode(bytes.subarray(off, Math.min(bytes.byteLength, off + CHUNK)));
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
    const header = body.finish(seq, pos - body.header);
    writeSync(fd, header, 0, header.length, 0);
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
 * Verifies a snapshot's checksum (or, sealed, its tag under `key`), then lets `read` parse the
 * payload. Throws ABG_ERR_SNAPSHOT_CORRUPT on a bad magic, a truncated file, a checksum or tag
 * mismatch, a snapshot sealed with another key, a plain one where a key is given (and the
 * reverse), or a payload that `read` cannot parse.
 */
export async function readSnapshot<T>(file: string, read: (input: PayloadReader) => Promise<T>, key?: SnapshotKey): Promise<{ seq: number; value: T }> {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const magic = Buffer.alloc(8);
    if (size < HEADER || readSync(fd, magic, 0, 8, 0) !== 8) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The file is shorter than its header.');
    const sealed = magic.equals(SEALED_MAGIC);
    if (!sealed && !magic.equals(MAGIC)) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The file is not an index snapshot.');
    if (sealed && !key) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The snapshot is encrypted and no key was given.');
    if (!sealed && key) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The snapshot is not encrypted; only an encrypted one is accepted.');
    const headerLength = sealed ? SEALED_HEADER : HEADER;
    const header = Buffer.alloc(headerLength);
    if (size < headerLength || readSync(fd, header, 0, headerLength, 0) !== headerLength) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The file is shorter than its header.');
    const seq = Number(header.readBigUInt64LE(8));
    const length = Number(header.readBigUInt64LE(16));
    if (size !== headerLength + length) fail('ABG_ERR_SNAPSHOT_CORRUPT', `Expected ${headerLength + length} bytes, found ${size} (truncated?).`);
    if (sealed) {
      const id = header.toString('latin1', 24, 40).trimEnd();
      if (id !== key!.id.slice(0, 16)) fail('ABG_ERR_SNAPSHOT_CORRUPT', `The snapshot was sealed with another key (${id}).`);
    }
    const decipher = () => {
      const d = createDecipheriv('aes-256-gcm', key!.key, header.subarray(40, 52));
      d.setAAD(associated(header));
      d.setAuthTag(header.subarray(52, 68));
      return d;
    };
    const check = sealed ? decipher() : createHash('sha256');
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, length)));
    for (let off = 0; off < length; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, length - off), headerLength + off);
      if (n <= 0) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Unexpected end of file.');
      check.update(buf.subarray(0, n));
      off += n;
    }
    if (sealed) {
      try {
        (check as ReturnType<typeof decipher>).final();
      } catch {
        fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The snapshot does not authenticate (tampered, or sealed with another key).');
      }
    } else if (!(check as ReturnType<typeof createHash>).digest().equals(header.subarray(24, 56))) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Checksum mismatch.');
    // The payload is read front to back, so one decipher decrypts it as it is read.
    const body = sealed ? decipher() : undefined;
    const decode = (bytes: Uint8Array): Uint8Array => (body ? body.update(bytes) : bytes);
    let pos = headerLength;
    const end = headerLength + length;
    const input: PayloadReader = {
      read(n) {
        if (pos + n > end) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'The payload ends early.');
        const out = new Uint8Array(n);
        for (let done = 0; done < n; ) {
          const got = readSync(fd, out, done, Math.min(CHUNK, n - done), pos + done);
          if (got <= 0) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Unexpected end of file.');
          if (body) out.set(decode(out.subarray(done, done + got)), done);
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
            const plain = decode(buf.subarray(0, got));
            for (let w = 0; w < got; ) w += writeSync(dst, plain, w, got - w);
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
