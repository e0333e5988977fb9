// Worker thread body for PdqPool: decodes (reduced when the pool asks: DCT scaling of large
// JPEGs, for hashing only) and hashes one photo per message.
import { parentPort } from 'node:worker_threads';
import { isAbgError } from '../../domain/errors.ts';
import { decodeImagePixels, decodeOneAtATime, type DecodeLimits } from '../../media/decode.ts';
import { pdqDihedralFromRgb, pdqFromRgb } from './index.ts';
import { DIHEDRAL_NAMES } from './pdq-core.ts';

// The pool runs one worker per core: a decode that spread over libvips threads would only compete with the other workers.
decodeOneAtATime();

parentPort!.on('message', async (msg: { id: number; bytes: Uint8Array; autoOrient: boolean; dihedral?: boolean; limits?: Partial<DecodeLimits>; reducedMinSide?: number }) => {
  try {
    let value;
    const img = await decodeImagePixels(msg.bytes, { autoOrient: msg.autoOrient, alpha: 'ignore', limits: msg.limits, ...(msg.reducedMinSide ? { reducedMinSide: msg.reducedMinSide } : {}) });
    if (msg.dihedral) {
      const d = pdqDihedralFromRgb(img.data, img.width, img.height, img.channels);
      value = { hash: d.hashes.original, quality: d.quality, variants: DIHEDRAL_NAMES.map((n) => d.hashes[n]) };
    } else value = pdqFromRgb(img.data, img.width, img.height, img.channels);
    parentPort!.postMessage({ id: msg.id, value });
  } catch (e) {
    const code = isAbgError(e) ? e.code : 'ABG_ERR_INTERNAL';
    parentPort!.postMessage({ id: msg.id, error: { code, message: e instanceof Error ? e.message : String(e) } });
  }
});
