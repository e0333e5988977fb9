// The part of yauzl 3's API that src/media/archive.ts uses (the package ships no types).
declare module 'yauzl' {
  import type { Readable } from 'node:stream';
  import type { EventEmitter } from 'node:events';

  export interface Entry {
    fileName: string;
    compressedSize: number;
    uncompressedSize: number;
    externalFileAttributes: number;
    versionMadeBy: number;
    isEncrypted(): boolean;
  }

  export interface ZipFile extends EventEmitter {
    entryCount: number;
    readEntry(): void;
    openReadStream(entry: Entry, callback: (err: Error | null, stream: Readable) => void): void;
    close(): void;
  }

  export interface Options {
    lazyEntries?: boolean;
    autoClose?: boolean;
    decodeStrings?: boolean;
    validateEntrySizes?: boolean;
    strictFileNames?: boolean;
  }

  export function open(path: string, options: Options, callback: (err: Error | null, zipfile: ZipFile) => void): void;
  export function fromBuffer(buffer: Buffer, options: Options, callback: (err: Error | null, zipfile: ZipFile) => void): void;
}
