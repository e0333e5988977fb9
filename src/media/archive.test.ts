import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { listZip, readZip } from './archive.ts';
import { AbgError, type ErrorCode } from '../domain/errors.ts';

interface FakeEntry { name: string; data: Buffer; deflate?: boolean; symlink?: boolean; declaredSize?: number }

// A minimal zip writer (PKWARE APPNOTE 4.3: local headers, central directory, end record) so the
// tests can build hostile archives that ordinary tools refuse to write.
function makeZip(entries: FakeEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8); local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(body.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE((3 << 8) | 20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8); central.writeUInt16LE(e.deflate ? 8 : 0, 10); central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(body.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.symlink ? 0o120777 : 0o100644) << 16) >>> 0, 38); central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function withZip(entries: FakeEntry[], fn: (path: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'abg-zip-test-'));
  try {
    const path = join(dir, 'a.zip');
    await writeFile(path, makeZip(entries));
    await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const coded = (code: ErrorCode) => (e: unknown) => e instanceof AbgError && e.code === code;

test('reads every file of a clean archive in order', async () => {
  await withZip([{ name: 'a/one.txt', data: Buffer.from('one') }, { name: 'a/', data: Buffer.alloc(0) }, { name: 'b.bin', data: Buffer.alloc(5000, 7), deflate: true }], async (path) => {
    const seen: string[] = [];
    const r = await readZip(path, (e, data) => { seen.push(`${e.name}:${data.length}`); });
    assert.deepEqual(seen, ['a/one.txt:3', 'b.bin:5000']);
    assert.deepEqual(r, { entries: 2, bytes: 5003 });
  });
});

for (const name of ['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'C:/x.txt', '..\\evil.txt']) {
  test(`rejects the entry name ${JSON.stringify(name)} before reading anything`, async () => {
    await withZip([{ name: 'fine.txt', data: Buffer.from('x') }, { name, data: Buffer.from('bad') }], async (path) => {
      let handed = 0;
      await assert.rejects(readZip(path, () => { handed++; }), coded('ABG_ERR_UNSAFE_ARCHIVE'));
      assert.equal(handed, 0, 'nothing was handed out before the archive was rejected');
    });
  });
}

test('rejects symbolic links', async () => {
  await withZip([{ name: 'link', data: Buffer.from('/etc/passwd'), symlink: true }], async (path) => {
    await assert.rejects(listZip(path), coded('ABG_ERR_UNSAFE_ARCHIVE'));
  });
});

test('zip bombs: total size, entry count, and a header that understates the size', async () => {
  const zeros = Buffer.alloc(2 * 1024 * 1024);
  await withZip([{ name: 'a', data: zeros, deflate: true }, { name: 'b', data: zeros, deflate: true }], async (path) => {
    await assert.rejects(listZip(path, { maxTotalBytes: 3 * 1024 * 1024 }), coded('ABG_ERR_ARCHIVE_TOO_LARGE'));
    await assert.rejects(listZip(path, { maxEntries: 1 }), coded('ABG_ERR_ARCHIVE_TOO_LARGE'));
    await assert.rejects(listZip(path, { maxEntryBytes: 1024 * 1024 }), coded('ABG_ERR_ARCHIVE_TOO_LARGE'));
  });
  // The header claims 10 bytes; inflating yields 2 MiB.
  await withZip([{ name: 'liar', data: zeros, deflate: true, declaredSize: 10 }], async (path) => {
    await assert.rejects(readZip(path, () => {}, { maxEntryBytes: 1024 * 1024 }), (e: unknown) => e instanceof AbgError && ['ABG_ERR_ARCHIVE_TOO_LARGE', 'ABG_ERR_CORRUPT_ARCHIVE'].includes(e.code));
  });
});

test('a file that is not a zip gives ABG_ERR_CORRUPT_ARCHIVE', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'abg-zip-test-'));
  try {
    await writeFile(join(dir, 'x.zip'), 'not a zip at all');
    await assert.rejects(listZip(join(dir, 'x.zip')), coded('ABG_ERR_CORRUPT_ARCHIVE'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
