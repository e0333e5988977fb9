// TensorFlow.js on the WebAssembly backend Human runs on, for tests that compare against its ops and models.
import { loadHuman, loadTf, type Any } from '../signals/face/runtime.ts';

export async function tfOnWasm(): Promise<Any> {
  const tf = await loadTf();
  await loadHuman();
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}
