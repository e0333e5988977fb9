// Hostile files for the robustness benchmark: damaged and mutated images, pixel and zip bombs,
// archives that lie or escape. Every case is made here from nothing but a seed.
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { makePng } from '../../src/testing/make-png.ts';
import { deflatedZeros, makeZip } from '../../src/testing/make-zip.ts';
import { rng } from '../../src/testing/synthetic-vectors.ts';

export interface HostileFile {
  name: string;
  data: Uint8Array;
}

/** A plausible photo-like JPEG (smooth noise) made with sharp. */
async function seedJpeg(seed: number): Promise<Buffer> {
  const rand = rng(seed);
  const raw = Buffer.alloc(64 * 64 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(rand() * 256);
  return sharp(raw, { raw: { width: 64, height: 64, channels: 3 } }).resize(320, 320).jpeg({ quality: 85 }).toBuffer();
}

/** Damaged images, one file each: empty, noise, truncated, header only, `mutations` byte-flipped JPEGs, bombs, SVG with external references. */
export async function hostileImages(mutations: number, seed = 7): Promise<HostileFile[]> {
  const jpeg = await seedJpeg(seed);
  const rand = rng(seed + 1);
  const out: HostileFile[] = [
    { name: 'empty.jpg', data: new Uint8Array(0) },
    { name: 'noise.jpg', data: Uint8Array.from({ length: 4096 }, () => Math.floor(rand() * 256)) },
    { name: 'truncated.jpg', data: jpeg.subarray(0, Math.floor(jpeg.length / 2)) },
    { name: 'header-only.jpg', data: jpeg.subarray(0, 600) },
    { name: 'text.jpg', data: Buffer.from('this is not an image\n'.repeat(100)) },
    { name: 'png-claims-100000x100000.png', data: makePng(100_000, 100_000, deflateSync(Buffer.alloc(1024)), 2) },
    { name: 'png-7000x7000-zero.png', data: await sharp({ create: { width: 7000, height: 7000, channels: 3, background: { r: 0, g: 0, b: 0 } }, limitInputPixels: false }).png({ compressionLevel: 9 }).toBuffer() },
    { name: 'external.svg', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><image xlink:href="file:///etc/passwd" width="100" height="100"/></svg>') },
    { name: 'billion-laughs.svg', data: Buffer.from(`<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><svg xmlns="http://www.w3.org/2000/svg"><text>&j;</text></svg>`) },
  ];
  for (let i = 0; i < mutations; i++) {
    const copy = Buffer.from(jpeg);
    const flips = 1 + Math.floor(rand() * 16);
    for (let f = 0; f < flips; f++) copy[2 + Math.floor(rand() * (copy.length - 2))] = Math.floor(rand() * 256);
    out.push({ name: `mutated-${i}.jpg`, data: copy });
  }
  return out;
}

/** Archives that escape, lie about their sizes, are cut off, or expand a small upload to `bombBytes`. */
export function hostileArchives(bombBytes: number): HostileFile[] {
  const small = Buffer.from('x'.repeat(100));
  // The deflate stream of the zeros, built once without holding them; its CRC is left 0.
  const zeros = { data: Buffer.alloc(0), deflated: deflatedZeros(bombBytes / 2 ** 20), declaredSize: bombBytes };
  const bomb = makeZip([{ name: 'zeros.bin', ...zeros }]);
  const twoBombs = makeZip([{ name: 'a.bin', ...zeros }, { name: 'b.bin', ...zeros }]);
  const ok = makeZip([{ name: 'a.txt', data: small }]);
  return [
    { name: 'zip-bomb.zip', data: bomb },
    { name: 'zip-two-bombs.zip', data: twoBombs },
    { name: 'zip-traversal.zip', data: makeZip([{ name: '../../etc/passwd', data: small }]) },
    { name: 'zip-absolute.zip', data: makeZip([{ name: '/tmp/owned.txt', data: small }]) },
    { name: 'zip-symlink.zip', data: makeZip([{ name: 'link', data: Buffer.from('/etc/passwd'), symlink: true }]) },
    { name: 'zip-lies-about-size.zip', data: makeZip([{ name: 'liar.bin', data: Buffer.alloc(8 * 2 ** 20), deflate: true, declaredSize: 10 }]) },
    { name: 'zip-truncated.zip', data: ok.subarray(0, ok.length - 10) },
    { name: 'zip-many-entries.zip', data: makeZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.alloc(0) }))) },
  ];
}
