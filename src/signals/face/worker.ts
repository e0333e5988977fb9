// Worker thread body: one detector and one embedder per worker, tasks one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { isAbgError, errorRegistry } from '../../domain/errors.ts';
import { resolveModel } from './models.ts';
import { createDefaultDetector, setDefaultNetworkRuntime } from './default-network-runtime.ts';
import { FacePipeline } from './pipeline.ts';
import type { WorkerRequest, WorkerResponse, WorkerInit } from './worker-protocol.ts';

const init = workerData as WorkerInit;
const port = parentPort!;

async function start(): Promise<FacePipeline> {
  // ONNX Runtime loads only in workers of a registered ONNX model.
  if (init.onnx) (await import('./onnx/onnx-model-entry.ts')).offerOnnxModel(init.onnx);
  if (init.defaultRuntime) setDefaultNetworkRuntime(init.defaultRuntime);
  const detector = await createDefaultDetector();
  const embedder = await resolveModel(init.model).create();
  return new FacePipeline(detector, embedder, init.thresholds);
}

const ready = start();
ready.then(
  (p) => port.postMessage({ type: 'ready', model: p.embedder.id } satisfies WorkerResponse),
  (e) => port.postMessage({ type: 'fatal', message: String(e?.message ?? e) } satisfies WorkerResponse),
);

port.on('message', async (req: WorkerRequest) => {
  const pipeline = await ready;
  try {
    const analysis = await pipeline.analyse(req.bytes, { allFaces: req.allFaces, ...(req.landmarks ? { givenLandmarks: req.landmarks } : {}), ...(init.decode ? { decode: init.decode } : {}) });
    port.postMessage({ type: 'result', id: req.id, analysis } satisfies WorkerResponse);
  } catch (e) {
    if (isAbgError(e)) {
      const base = errorRegistry[e.code].message;
      const detail = e.message.startsWith(base) ? e.message.slice(base.length).trim() : e.message;
      port.postMessage({ type: 'error', id: req.id, code: e.code, detail, details: e.details } satisfies WorkerResponse);
    } else {
      port.postMessage({ type: 'error', id: req.id, code: 'ABG_ERR_INTERNAL', detail: String((e as Error)?.message ?? e).slice(0, 300) } satisfies WorkerResponse);
    }
  }
});
