// Compiles the PDQ kernel (src/signals/pdq/kernel/pdq-kernel.ts, AssemblyScript) to the
// WebAssembly file shipped next to it, so installs need no compiler. Run with `npm run gen:wasm`;
// src/signals/pdq/pdq-wasm.test.ts fails when the committed binary is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { PDQ_KERNEL_FILE } from '../src/signals/pdq/pdq-wasm.ts';

export const kernelSource = fileURLToPath(new URL('../src/signals/pdq/kernel/pdq-kernel.ts', import.meta.url));

/** The kernel binary compiled from the current source (deterministic for a compiler version). */
export async function compilePdqKernel(): Promise<Uint8Array> {
  const r = await asc.compileString(readFileSync(kernelSource, 'utf8'), {
    optimizeLevel: 3,
    shrinkLevel: 0,
    noAssert: true,
    runtime: 'stub',
    enable: ['simd'],
  });
  if (r.error || !r.binary) throw new Error(`AssemblyScript: ${r.error?.message ?? 'no binary'}\n${r.stderr.toString()}`);
  return r.binary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const binary = await compilePdqKernel();
  writeFileSync(PDQ_KERNEL_FILE, binary);
  console.log(`wrote ${PDQ_KERNEL_FILE} (${binary.length} bytes)`);
}
