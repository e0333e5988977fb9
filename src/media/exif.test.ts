import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readExif } from './exif.ts';

const exif = fileURLToPath(new URL('../../../shared/data/exif/', import.meta.url));
const skip = existsSync(join(exif, 'gps')) ? false : 'shared data not found: ../shared/data/exif';

test('EXIF: camera and capture time always, GPS only when the gallery keeps it', { skip }, async () => {
  const photo = readFileSync(join(exif, 'gps', readdirSync(join(exif, 'gps')).filter((f) => f.endsWith('.jpg')).sort()[0]!));
  const stripped = await readExif(photo, false);
  assert.ok(stripped?.make && stripped.captureTime, JSON.stringify(stripped));
  assert.match(stripped!.captureTime!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  assert.equal(stripped!.gps, undefined);
  const kept = await readExif(photo, true);
  assert.ok(kept?.gps && Math.abs(kept.gps.latitude) > 0 && Math.abs(kept.gps.longitude) > 0, JSON.stringify(kept));
  assert.equal(await readExif(new Uint8Array([1, 2, 3]), true), null);
});
