// The compiled PDQ kernel (kernel/pdq-kernel.ts → kernel/pdq-kernel.wasm, `npm run gen:wasm`):
// the same float32 computation as pdq-core.ts, several times faster because WebAssembly has
// native float32 arithmetic and SIMD lanes. One instance per thread; its memory grows to the
// largest image seen and is then reused, like the TypeScript scratch buffers.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface KernelExports {
  memory: WebAssembly.Memory;
  tablesPtr(): number;
  dctPtr(): number;
  outDctPtr(): number;
  initTables(): void;
  prepare(width: number, height: number, channels: number, prescale: number): number;
  run(): number;
}

export interface PdqKernelTables {
  /** 0.299 / 0.587 / 0.114 × byte value, as float32. */
  lutR: Float32Array;
  lutG: Float32Array;
  lutB: Float32Array;
  /** 16×64 DCT basis without the DC row. */
  dct: Float32Array;
}

export interface PdqKernel {
  /** The 16×16 DCT block (written into `out`) and quality, or null for images too small to hash. */
  dctFromPixels(data: Uint8Array, width: number, height: number, channels: number, prescale: boolean, out: Float32Array): number | null;
}

export const PDQ_KERNEL_FILE = fileURLToPath(new URL('./kernel/pdq-kernel.wasm', import.meta.url));

/** Instantiates the kernel with the caller's tables; null when the compiled file is absent. */
export function createPdqKernel(tables: PdqKernelTables): PdqKernel | null {
  if (!existsSync(PDQ_KERNEL_FILE)) return null;
  const module = new WebAssembly.Module(readFileSync(PDQ_KERNEL_FILE));
  const k = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  const bytes = () => new Uint8Array(k.memory.buffer);
  const put = (ptr: number, values: Float32Array) => bytes().set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), ptr);
  put(k.tablesPtr(), tables.lutR);
  put(k.tablesPtr() + 1024, tables.lutG);
  put(k.tablesPtr() + 2048, tables.lutB);
  put(k.dctPtr(), tables.dct);
  k.initTables();
  return {
    dctFromPixels(data, width, height, channels, prescale, out) {
      const at = k.prepare(width, height, channels, prescale ? 1 : 0);
      if (at === 0) throw new RangeError(`PDQ kernel: no memory for a ${width}×${height} image`);
      bytes().set(data.subarray(0, width * height * channels), at);
      const quality = k.run();
      if (quality < 0) return null;
      out.set(new Float32Array(k.memory.buffer, k.outDctPtr(), 256));
      return quality;
    },
  };
}
