// Compiles the WebAssembly kernels (AssemblyScript) to the files shipped next to their sources, so
// installs need no compiler: the PDQ kernel (src/signals/pdq/kernel/pdq-kernel.ts) and the compact
// exact-scan kernel (src/index/kernel/exact-kernel.ts). Run with `npm run gen:wasm`;
// src/signals/pdq/pdq-wasm.test.ts and src/index/exact-kernel.test.ts fail when a committed binary is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { PDQ_KERNEL_FILE } from '../src/signals/pdq/pdq-wasm.ts';
import { EXACT_KERNEL_FILE } from '../src/index/exact-kernel.ts';

export const kernelSource = fileURLToPath(new URL('../src/signals/pdq/kernel/pdq-kernel.ts', import.meta.url));
export const exactKernelSource = fileURLToPath(new URL('../src/index/kernel/exact-kernel.ts', import.meta.url));

async function compile(source: string, options: Record<string, unknown>): Promise<Uint8Array> {
  const r = await asc.compileString(readFileSync(source, 'utf8'), { optimizeLevel: 3, shrinkLevel: 0, noAssert: true, runtime: 'stub', ...options });
  if (r.error || !r.binary) throw new Error(`AssemblyScript: ${r.error?.message ?? 'no binary'}\n${r.stderr.toString()}`);
  return r.binary;
}

/** The kernel binary compiled from the current source (deterministic for a compiler version). */
export function compilePdqKernel(): Promise<Uint8Array> {
  return compile(kernelSource, { enable: ['simd'] });
}

/** The exact-scan kernel: it works on memory the host allocates and shares between threads. */
export function compileExactKernel(): Promise<Uint8Array> {
  return compile(exactKernelSource, { enable: ['simd', 'threads'], importMemory: true, sharedMemory: true, initialMemory: 1, maximumMemory: 65536 });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, binary] of [[PDQ_KERNEL_FILE, await compilePdqKernel()], [EXACT_KERNEL_FILE, await compileExactKernel()]] as const) {
    writeFileSync(file, binary);
    console.log(`wrote ${file} (${binary.length} bytes)`);
  }
}
