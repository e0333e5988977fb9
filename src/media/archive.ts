/// <reference path="./yauzl.d.ts" />
// Safe reading of zip archives (seized media often arrives zipped). Every entry is checked
// before any content is handed out, so a bad archive is rejected as a whole and nothing is
// half-ingested: no `..` or absolute names, no symlinks, no encrypted entries, and caps on the
// entry count, the declared and actual uncompressed sizes and the compression ratio (zip bombs).
// Entries are inflated one at a time with a running count, so memory stays near one entry.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { fail, isAbgError } from '../domain/errors.ts';

export interface ArchiveLimits {
  maxEntries: number;
  /** Sum of all uncompressed entry sizes. */
  maxTotalBytes: number;
  maxEntryBytes: number;
  /** Largest uncompressed : compressed ratio of an entry that unpacks to more than RATIO_FLOOR_BYTES. */
  maxRatio: number;
}

export const defaultArchiveLimits: ArchiveLimits = { maxEntries: 100_000, maxTotalBytes: 4 * 1024 ** 3, maxEntryBytes: 256 * 1024 ** 2, maxRatio: 100 };

/** Entries up to this size are exempt from the ratio limit (small text compresses well). */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface ArchiveEntry {
  /** Normalised relative path inside the archive, '/'-separated. */
  name: string;
  size: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err) reject(mapZipError(err));
      else resolve(zip);
    });
  });
}

function mapZipError(err: unknown): unknown {
  if (isAbgError(err)) return err;
  const msg = err instanceof Error ? err.message : String(err);
  try {
    if (/absolute path|invalid relative path|invalid characters in fileName/.test(msg)) fail('ABG_ERR_UNSAFE_ARCHIVE', `Entry name: ${msg.slice(0, 200)}.`);
    if (/ENOENT/.test(msg)) fail('ABG_ERR_NOT_FOUND', 'No such archive file.');
    fail('ABG_ERR_CORRUPT_ARCHIVE', msg.slice(0, 200));
  } catch (coded) {
    return coded;
  }
}

function checkEntry(e: Entry): void {
  const name = e.fileName;
  // yauzl already refuses "..", absolute and drive-letter names; these are belt and braces.
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..') || name.includes('\0')) {
    fail('ABG_ERR_UNSAFE_ARCHIVE', `Entry name ${JSON.stringify(name.slice(0, 200))} leaves the archive.`);
  }
  const unixMode = (e.externalFileAttributes >>> 16) & S_IFMT;
  const madeOnUnix = e.versionMadeBy >> 8 === 3;
  if (madeOnUnix && unixMode === S_IFLNK) fail('ABG_ERR_UNSAFE_ARCHIVE', `Entry ${JSON.stringify(name)} is a symbolic link.`);
  if (e.isEncrypted()) fail('ABG_ERR_UNSAFE_ARCHIVE', `Entry ${JSON.stringify(name)} is encrypted.`);
}

async function* rawEntries(zip: ZipFile): AsyncGenerator<Entry> {
  const next = () => new Promise<Entry | null>((resolve, reject) => {
    const onEntry = (e: Entry) => { cleanup(); resolve(e); };
    const onEnd = () => { cleanup(); resolve(null); };
    const onError = (err: Error) => { cleanup(); reject(mapZipError(err)); };
    const cleanup = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
  for (let e = await next(); e; e = await next()) yield e;
}

/** Lists and checks every entry (files only) without extracting; throws on the first violation. */
export async function listZip(path: string, limits: Partial<ArchiveLimits> = {}): Promise<ArchiveEntry[]> {
  const l = { ...defaultArchiveLimits, ...limits };
  const zip = await openZip(path);
  try {
    if (zip.entryCount > l.maxEntries) fail('ABG_ERR_ARCHIVE_TOO_LARGE', `${zip.entryCount} entries > ${l.maxEntries}.`);
    const out: ArchiveEntry[] = [];
    let total = 0;
    for await (const e of rawEntries(zip)) {
      checkEntry(e);
      if (e.fileName.endsWith('/')) continue;
      if (e.uncompressedSize > l.maxEntryBytes) fail('ABG_ERR_ARCHIVE_TOO_LARGE', `Entry ${JSON.stringify(e.fileName)} unpacks to ${e.uncompressedSize} bytes > ${l.maxEntryBytes}.`);
      if (e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize > l.maxRatio * Math.max(1, e.compressedSize)) {
        fail('ABG_ERR_ARCHIVE_TOO_LARGE', `Entry ${JSON.stringify(e.fileName)} unpacks ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} times its compressed size > ${l.maxRatio}.`);
      }
      total += e.uncompressedSize;
      if (total > l.maxTotalBytes) fail('ABG_ERR_ARCHIVE_TOO_LARGE', `The archive unpacks to more than ${l.maxTotalBytes} bytes.`);
      out.push({ name: e.fileName, size: e.uncompressedSize });
    }
    return out;
  } finally {
    zip.close();
  }
}

/**
 * Checks the whole archive first (listZip), then hands each file's bytes to `onEntry` in order.
 * Actual sizes are enforced while inflating, so a lying header cannot exceed the limits either.
 */
export async function readZip(path: string, onEntry: (entry: ArchiveEntry, data: Uint8Array) => Promise<void> | void, limits: Partial<ArchiveLimits> = {}): Promise<{ entries: number; bytes: number }> {
  const l = { ...defaultArchiveLimits, ...limits };
  await listZip(path, l);
  const zip = await openZip(path);
  let entries = 0;
  let bytes = 0;
  try {
    for await (const e of rawEntries(zip)) {
      checkEntry(e);
      if (e.fileName.endsWith('/')) continue;
      const data = await readEntry(zip, e, Math.min(l.maxEntryBytes, l.maxTotalBytes - bytes, l.maxRatio * Math.max(1, e.compressedSize, RATIO_FLOOR_BYTES / l.maxRatio)));
      bytes += data.length;
      entries++;
      await onEntry({ name: e.fileName, size: data.length }, data);
    }
    return { entries, bytes };
  } finally {
    zip.close();
  }
}

function readEntry(zip: ZipFile, e: Entry, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(e, (err, stream) => {
      if (err) return reject(mapZipError(err));
      // Filled in place up to the declared size (checked against the limits already), so an
      // entry is held once; a stream that outgrows it is refused at the first extra byte.
      let out = Buffer.allocUnsafe(Math.min(e.uncompressedSize, maxBytes));
      let n = 0;
      stream.on('data', (c: Buffer) => {
        if (n + c.length > maxBytes) {
          stream.destroy();
          reject(codedError('ABG_ERR_ARCHIVE_TOO_LARGE', `Entry ${JSON.stringify(e.fileName)} inflates beyond ${maxBytes} bytes.`));
          return;
        }
        if (n + c.length > out.length) {
          const grown = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(2 * out.length, n + c.length)));
          out.copy(grown, 0, 0, n);
          out = grown;
        }
        c.copy(out, n);
        n += c.length;
      });
      stream.on('error', (er) => reject(mapZipError(er)));
      stream.on('end', () => resolve(out.subarray(0, n)));
    });
  });
}

function codedError(code: 'ABG_ERR_ARCHIVE_TOO_LARGE', detail: string): unknown {
  try { fail(code, detail); } catch (e) { return e; }
}
