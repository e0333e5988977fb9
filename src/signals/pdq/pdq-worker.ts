// Worker thread body for PdqPool: decodes and hashes one photo per message.
import { parentPort } from 'node:worker_threads';
import { isAbgError } from '../../domain/errors.ts';
import { pdqFromImageBytes } from './index.ts';

parentPort!.on('message', async (msg: { id: number; bytes: Uint8Array; autoOrient: boolean }) => {
  try {
    const value = await pdqFromImageBytes(msg.bytes, { autoOrient: msg.autoOrient });
    parentPort!.postMessage({ id: msg.id, value });
  } catch (e) {
    const code = isAbgError(e) ? e.code : 'ABG_ERR_INTERNAL';
    parentPort!.postMessage({ id: msg.id, error: { code, message: e instanceof Error ? e.message : String(e) } });
  }
});
