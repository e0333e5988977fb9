import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LocalMediaHasher, readExif } from './media-hasher.ts';

const exif = fileURLToPath(new URL('../../../shared/data/exif/', import.meta.url));
const bridge = fileURLToPath(new URL('../../../shared/data/pdq/images/reg-test-input/dih/', import.meta.url));
const skip = existsSync(join(exif, 'gps')) && existsSync(bridge) ? false : 'shared data not found: ../shared/data/exif and ../shared/data/pdq/images';

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

test('photos get PDQ and its 8 dihedral variants (original first); empty files are coded, text is digest-only, HEIC is unsupported', { skip }, async () => {
  const h = new LocalMediaHasher({ workers: 1 });
  try {
    const orig = await h.hash({ name: 'o.jpg', bytes: readFileSync(join(bridge, 'bridge-1-original.jpg')) }, { keepGps: false });
    assert.equal(orig.error, null);
    assert.equal(orig.signals.type, 'photo');
    assert.equal(orig.signals.pdqVariants?.length, 8);
    assert.equal(orig.signals.pdqVariants?.[0], orig.signals.pdq?.hash);
    const empty = await h.hash({ name: 'e', bytes: new Uint8Array() }, { keepGps: false });
    assert.equal(empty.error?.code, 'ABG_ERR_EMPTY_FILE');
    const text = await h.hash({ name: 't.txt', bytes: new TextEncoder().encode('hello') }, { keepGps: false });
    assert.deepEqual([text.signals.type, text.error, text.signals.sha256.length], ['file', null, 64]);
    const heic = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0, ...new TextEncoder().encode('mif1heic')]);
    assert.equal((await h.hash({ name: 'x.heic', bytes: heic }, { keepGps: false })).error?.code, 'ABG_ERR_UNSUPPORTED_IMAGE');
  } finally {
    await h.close();
  }
});
