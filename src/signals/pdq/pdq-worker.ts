// Worker thread body for PdqPool: decodes and hashes one photo per message.
import { parentPort } from 'node:worker_threads';
import { isAbgError } from '../../domain/errors.ts';
import { decodeImagePixels, type DecodeLimits } from '../../media/decode.ts';
import { pdqDihedralFromRgb, pdqFromImageBytes } from './index.ts';
import { DIHEDRAL_NAMES } from './pdq-core.ts';

parentPort!.on('message', async (msg: { id: number; bytes: Uint8Array; autoOrient: boolean; dihedral?: boolean; limits?: Partial<DecodeLimits> }) => {
  try {
    let value;
    if (msg.dihedral) {
      const img = await decodeImagePixels(msg.bytes, { autoOrient: msg.autoOrient, alpha: 'ignore', limits: msg.limits });
      const d = pdqDihedralFromRgb(img.data, img.width, img.height, img.channels);
      value = { hash: d.hashes.original, quality: d.quality, variants: DIHEDRAL_NAMES.map((n) => d.hashes[n]) };
    } else value = await pdqFromImageBytes(msg.bytes, { autoOrient: msg.autoOrient, limits: msg.limits });
    parentPort!.postMessage({ id: msg.id, value });
  } catch (e) {
    const code = isAbgError(e) ? e.code : 'ABG_ERR_INTERNAL';
    parentPort!.postMessage({ id: msg.id, error: { code, message: e instanceof Error ? e.message : String(e) } });
  }
});
