// Reading labelled sets: person folders, LFW-style pairs, and zips of either; malformed input coded.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAbgError } from '../domain/errors.ts';
import { makeZip } from '../testing/make-zip.ts';
import { readLabelledFolder, readLabelledPairs, readLabelledZip } from './labelled-set.ts';

describe('labelled sets', () => {
  const root = mkdtempSync(join(tmpdir(), 'abg-labelled-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const coded = (code: string) => (e: unknown) => isAbgError(e) && e.code === code;

  test('person folders: images by person in name order; other files and hidden folders skipped', async () => {
    for (const [p, f] of [['Bob', 'b_0002.jpg'], ['Bob', 'b_0001.png'], ['Ann', 'a.jpeg'], ['Ann', 'notes.txt'], ['.cache', 'x.jpg']]) {
      mkdirSync(join(root, 'set', p!), { recursive: true });
      writeFileSync(join(root, 'set', p!, f!), p!);
    }
    const set = readLabelledFolder(join(root, 'set'));
    assert.deepEqual(set.images.map((i) => i.name), ['Ann/a.jpeg', 'Bob/b_0001.png', 'Bob/b_0002.jpg']);
    assert.equal(new TextDecoder().decode(await set.images[1]!.read()), 'Bob');
    mkdirSync(join(root, 'empty', 'Nobody'), { recursive: true });
    assert.throws(() => readLabelledFolder(join(root, 'empty')), coded('ABG_ERR_CALIBRATION_SET'));
  });

  test('pairs: same-person and two-person lines, each image once, a malformed line coded with its number', () => {
    const file = join(root, 'pairs.txt');
    writeFileSync(file, '2\t1\nAnn\t1\t2\nAnn\t2\tBob\t1\r\nBob\t1\tBob\t3\n');
    const set = readLabelledPairs(file, root);
    assert.deepEqual(set.images.map((i) => i.name), ['Ann/Ann_0001.jpg', 'Ann/Ann_0002.jpg', 'Bob/Bob_0001.jpg', 'Bob/Bob_0003.jpg']);
    assert.deepEqual(set.pairs, [{ a: 0, b: 1, genuine: true }, { a: 1, b: 2, genuine: false }, { a: 2, b: 3, genuine: true }]);
    writeFileSync(file, 'Ann\t1\t2\nAnn\tone\t2\n');
    assert.throws(() => readLabelledPairs(file), (e: unknown) => coded('ABG_ERR_CALIBRATION_SET')(e) && /Line 2/.test((e as Error).message));
    assert.throws(() => readLabelledPairs(join(root, 'none.txt')), coded('ABG_ERR_FILE_NOT_FOUND'));
  });

  test('zips: person folders under one top folder, or a pairs.txt beside them', async () => {
    const zip = (name: string, entries: [string, string][]) => {
      const path = join(root, name);
      writeFileSync(path, makeZip(entries.map(([n, d]) => ({ name: n, data: Buffer.from(d) }))));
      return path;
    };
    const folders = await readLabelledZip(zip('f.zip', [['people/Ann/1.jpg', 'a'], ['people/Bob/1.jpg', 'b'], ['people/readme.txt', 'r']]), 'f');
    assert.deepEqual([folders.kind, folders.images.map((i) => `${i.person}:${i.name}`)], ['folders', ['Ann:Ann/1.jpg', 'Bob:Bob/1.jpg']]);
    const pairs = await readLabelledZip(zip('p.zip', [['pairs.txt', 'Ann\t1\t2\n'], ['Ann/Ann_0001.jpg', 'x'], ['Ann/Ann_0002.jpg', 'y']]), 'p');
    assert.equal(pairs.kind, 'pairs');
    assert.equal(new TextDecoder().decode(await pairs.images[1]!.read()), 'y');
    await assert.rejects(readLabelledZip(zip('n.zip', [['notes.txt', 'n']]), 'n'), coded('ABG_ERR_CALIBRATION_SET'));
  });
});
