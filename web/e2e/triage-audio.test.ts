// Audio in the workbench, in Chromium against `abgleich serve`: a recording generated here (espeak-ng
// speech over a chord) is imported as a CSV hash list with its Chromaprint fingerprint; triage of an
// MP3 re-encode and of a 10 s excerpt names the audio match in the report with where the file starts
// inside the known recording and the bit error rate, in English and in German.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { audioFromFile, encodeAudioItems } from '../../src/signals/audio/index.ts';
import { excerpt, makeRecordings, readWav, reencodeMany, writeWav } from '../../src/testing/audio-material.ts';
import { adminAsOperator, browserSkip, importHashList, launchBrowser, serverWork } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

const skip = browserSkip('audio triage browser test');

describe('an audio match in the triage report, in Chromium', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let recording: string;
  const problems: string[] = [];
  const nav = (name: RegExp) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name });
  const file = (name: string, path: string, mimeType: string) => ({ name, mimeType, buffer: readFileSync(path) });

  before(async () => {
    if (webBuildIsStale()) buildWeb();
    dir = mkdtempSync(join(tmpdir(), 'abg-e2e-audio-'));
    const [s, b, recs] = await Promise.allSettled([startServer(), launchBrowser(), makeRecordings(dir, 61, 1, 30)]);
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
    if (recs.status === 'rejected') throw recs.reason;
    recording = recs.value[0]!;
    page = await adminAsOperator(server, browser, problems);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a CSV hash list with an audio fingerprint is imported', async () => {
    const a = await audioFromFile(recording);
    const csv = `audio,category\n${a.durationSeconds}:${encodeAudioItems(a.items)},2\n`;
    await nav(/^Hash sets/).click();
    assert.match(await importHashList(page, 'voices.csv', csv, 'Known voices', 'partner agency'), /1 hash\(es\) imported into Known voices; 0 row\(s\) refused/);
  });

  test('triage of an MP3 re-encode and a 10 s excerpt shows the audio match with its offset and bit error rate', async () => {
    const [mp3] = await reencodeMany([recording], 'mp3-64', dir);
    const part = await writeWav(join(dir, 'part.wav'), excerpt(await readWav(recording), 12, 10));
    await nav(/^Media triage/).click();
    await page.getByLabel('Case reference').fill('2026-A-24');
    await page.getByLabel('Files or zip archives to triage').setInputFiles([file('voice-copy.mp3', mp3!, 'audio/mpeg'), file('voice-part.wav', part, 'audio/wav')]);
    await page.getByRole('button', { name: 'Triage 2 file(s)' }).click();
    const results = page.getByTestId('triage-results');
    await results.waitFor(serverWork);
    const row = (name: string) => results.getByRole('row').filter({ hasText: name });
    const label = /audio Known voices at (-?\d+\.\d) s \(bit error rate (0\.\d{3})\)/;

    const copy = (await row('voice-copy.mp3').innerText()).match(label);
    assert.ok(copy, `the copy's row names the audio match: ${await row('voice-copy.mp3').innerText()}`);
    assert.ok(Math.abs(Number(copy[1])) <= 0.2, `a whole copy starts where the recording starts: ${copy[0]}`);
    assert.ok(Number(copy[2]) <= 0.2, `bit error rate at most the threshold: ${copy[0]}`);
    assert.match(await row('voice-copy.mp3').innerText(), /near-duplicate/);

    const ex = (await row('voice-part.wav').innerText()).match(label);
    assert.ok(ex, `the excerpt's row names the audio match: ${await row('voice-part.wav').innerText()}`);
    assert.ok(Math.abs(Number(ex[1]) - 12) <= 0.5, `the excerpt starts 12 s into the recording: ${ex[0]}`);
    assert.ok(Number(ex[2]) > 0 && Number(ex[2]) <= 0.2, `an excerpt off the analysis grid has some bit errors, within the threshold: ${ex[0]}`);
    assert.match(await page.getByTestId('triage-summary').innerText(), /0 known · 2 near-duplicate of known · 0 new · 0 errors/);

    await page.getByLabel('Language').selectOption('de');
    assert.match(await row('voice-part.wav').innerText(), /audio Known voices ab 1[12]\.\d s \(Bitfehlerrate 0\.\d{3}\)/);
    await page.getByLabel('Sprache').selectOption('en');
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(problems, []);
  });
});
