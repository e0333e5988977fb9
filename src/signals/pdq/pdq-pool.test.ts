import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { PdqPool } from './pdq-pool.ts';
import { pdqFromImageBytes } from './index.ts';
import { AbgError } from '../../domain/errors.ts';

const dir = new URL('../../../../shared/data/pdq/images/bridge-mods/', import.meta.url);
const skip = existsSync(dir) ? false : 'shared data not found: ../shared/data/pdq/images';

test('the worker pool gives the same hashes as the in-thread path and reports coded errors', { skip }, async () => {
  const pool = new PdqPool(2);
  try {
    const names = ['aaa-orig.jpg', 'blur-a-lot.jpg', 'square-128x128.jpg', 'shrink-a-lot.jpg'];
    const files = names.map((n) => readFileSync(new URL(n, dir)));
    const pooled = await Promise.all(files.map((b) => pool.hash(b)));
    for (let i = 0; i < files.length; i++) assert.deepEqual(pooled[i], await pdqFromImageBytes(files[i]!), names[i]);
    await assert.rejects(pool.hash(new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2, 3])), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_CORRUPT_IMAGE');
  } finally {
    await pool.close();
  }
});
