// The part of jpeg-lossless-decoder-js this project uses (its own declarations are not exported for ESM resolution).
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
