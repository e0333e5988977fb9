import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listZip, readZip } from './archive.ts';
import { makeZip, type FakeEntry } from '../testing/make-zip.ts';
import { AbgError, type ErrorCode } from '../domain/errors.ts';

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

test('an entry that unpacks far beyond its compressed size is refused from the directory, small ones are not', async () => {
  const zeros = Buffer.alloc(4 * 1024 * 1024);
  await withZip([{ name: 'zeros', data: zeros, deflate: true }], async (path) => {
    await assert.rejects(listZip(path), (e: unknown) => coded('ABG_ERR_ARCHIVE_TOO_LARGE')(e) && /times its compressed size/.test((e as Error).message));
    assert.equal((await listZip(path, { maxRatio: 1_000_000 })).length, 1);
  });
  await withZip([{ name: 'small.txt', data: Buffer.alloc(100_000, 32), deflate: true }], async (path) => {
    assert.equal((await readZip(path, () => {})).bytes, 100_000);
  });
});

test('a directory that understates the size cannot push an entry past the ratio limit while inflating', async () => {
  const zeros = Buffer.alloc(8 * 1024 * 1024);
  await withZip([{ name: 'liar', data: zeros, deflate: true, declaredSize: 1000 }], async (path) => {
    let handed = 0;
    await assert.rejects(readZip(path, () => { handed++; }), (e: unknown) => e instanceof AbgError && ['ABG_ERR_ARCHIVE_TOO_LARGE', 'ABG_ERR_CORRUPT_ARCHIVE'].includes(e.code));
    assert.equal(handed, 0);
  });
});
