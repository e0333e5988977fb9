// The later workflow pages that need no face photos, in Chromium against `abgleich serve`:
// hash sets (import with per-row errors, list, export), objections (file, reach, withdraw),
// a file that is not an image on the verification page, a gallery's declared reliability, and German
// on a new page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { adminAsOperator, browserSkip, importHashList, launchBrowser, serverWork } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

const skip = browserSkip('page browser tests');
const shotsDir = process.env.ABGLEICH_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : undefined;

describe('hash sets, objections and bad input in Chromium', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const nav = (name: RegExp) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name });
  const shot = async (name: string) => {
    if (shotsDir) await page.screenshot({ path: `${shotsDir}${name}.png`, fullPage: true });
  };

  before(async () => {
    if (webBuildIsStale()) buildWeb();
    if (shotsDir) mkdirSync(shotsDir, { recursive: true });
    const [s, b] = await Promise.allSettled([startServer(), launchBrowser()]);
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
    page = await adminAsOperator(server, browser, problems);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a CSV hash list is imported with its malformed rows listed, then listed and exported', async () => {
    await nav(/^Hash sets/).click();
    const csv = `md5,category\n${'ab'.repeat(16)},1\nnot-a-hash,2\n${'cd'.repeat(16)},2\n`;
    const result = await importHashList(page, 'known.csv', csv, 'Known 2026', 'national list');
    assert.match(result, /2 hash\(es\) imported into Known 2026; 1 row\(s\) refused/);
    assert.match(result, /\b3\b/, 'the refused CSV line is named');
    const list = page.getByTestId('hashsets');
    await list.getByRole('row', { name: /Known 2026/ }).waitFor();
    const download = page.waitForEvent('download');
    await list.getByRole('button', { name: 'CSV' }).click();
    const file = await (await download).path();
    assert.ok(file);
    await shot('hashsets');
  });

  test('an objection with a hash is filed with its reach, then withdrawn', async () => {
    await nav(/^Objections/).click();
    await page.getByLabel('Reference', { exact: true }).fill('DSR-2026-4');
    await page.getByLabel('Hashes').fill('nonsense');
    await page.getByRole('button', { name: 'File objection' }).click();
    await page.getByText('Not a hash line: line 1: nonsense').waitFor();
    await page.getByLabel('Hashes').fill(`sha256:${'0f'.repeat(32)}`);
    await page.getByRole('button', { name: 'File objection' }).click();
    const filed = page.getByTestId('objection-filed');
    await filed.waitFor();
    assert.match(await filed.innerText(), /exact\s+1 exact digest\(s\)\s+0/);
    const item = page.getByTestId('objection').filter({ hasText: 'DSR-2026-4' });
    await item.getByRole('button', { name: 'Reach and findings' }).click();
    await item.getByTestId('reach').waitFor();
    await shot('objections');
    await item.getByRole('button', { name: 'Withdraw…' }).click();
    await item.getByLabel('Reason for withdrawal').fill('Request withdrawn by the person');
    await item.getByRole('button', { name: 'Withdraw for good' }).click();
    await item.getByText('withdrawn', { exact: true }).waitFor();
  });

  test('a file that is not an image gets a readable refusal on the verification page', async () => {
    await nav(/^1:1 verification/).click();
    await page.getByLabel('Probe image').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
    await page.getByLabel('Subject id').fill('no-such-subject');
    await page.getByLabel('Purpose', { exact: true }).fill('criminal-investigation');
    await page.getByLabel('Case reference').fill('C-1');
    await page.getByLabel('Authorisation reference').fill('A-1');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor(serverWork);
    assert.match(await alert.innerText(), /ABG_ERR_/);
  });

  test('a face gallery is created with its declared reliability, explained and suggested, then edited to declare none', async () => {
    await nav(/^Galleries/).click();
    const fpir = page.getByLabel('Declared reliability (FPIR)');
    assert.equal(await fpir.inputValue(), '0.01', 'the suggested declaration is filled in');
    await page.getByText(/highest expected false-positive identification rate/).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Custody 2026');
    await page.getByLabel('Legal basis', { exact: true }).fill('BKAG §16');
    await page.getByLabel('Purposes', { exact: true }).fill('criminal-investigation');
    await fpir.fill('0.02');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const row = page.getByTestId('galleries').getByRole('row', { name: /Custody 2026/ });
    await row.getByRole('cell', { name: '0.02', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'exact', exact: true }).waitFor(); // the index its searches are answered from
    await page.getByRole('button', { name: 'Edit gallery Custody 2026' }).click();
    const editor = page.getByRole('group', { name: 'Editing gallery Custody 2026' });
    assert.equal(await editor.getByLabel('Declared reliability (FPIR)').inputValue(), '0.02');
    await editor.getByLabel('Declared reliability (FPIR)').fill('');
    await editor.getByRole('button', { name: 'Save' }).click();
    await row.getByRole('cell', { name: 'none', exact: true }).waitFor();
  });

  test('the new pages speak German', async () => {
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('link', { name: /^Hash-Listen/ }).click();
    await page.getByRole('heading', { name: 'Hash-Listen Ihrer Behörde' }).waitFor();
    await page.getByRole('link', { name: /^Widersprüche/ }).click();
    await page.getByRole('heading', { name: 'Widerspruch erfassen' }).waitFor();
    await page.getByLabel('Sprache').selectOption('en');
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(problems, []);
  });
});
