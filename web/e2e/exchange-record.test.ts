// The workbench shows an imported exchange record: a NIST face transaction opened on the enrollment
// page shows its image beside its Type-1 and Type-10 fields, in Chromium against `abgleich serve`;
// a fingerprint-only transaction shows the "no face record" answer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { ansiNist, ansiNistAbsent } from '../../src/testing/exchange-test-data.ts';
import { browserMissing, launchBrowser, signIn } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

const missing = browserMissing();
const required = process.env.ABGLEICH_REQUIRE_BROWSER === '1';
if (missing && required) test('exchange record browser test needs Chromium (ABGLEICH_REQUIRE_BROWSER=1)', () => assert.fail(missing));

describe('an imported exchange record in the workbench', { skip: (missing && !required ? missing : false) || ansiNistAbsent }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    if (webBuildIsStale()) buildWeb();
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-GB' })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await signIn(page, server.url, server.adminToken);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the fields of a face transaction beside its image; a fingerprint transaction answered "no face record"', async () => {
    await page.goto(`${server.url}/enrollment`);
    const section = page.getByTestId('exchange-record');
    await section.getByLabel(/Show the fields of a transaction/).setInputFiles({ name: 'face_jpb.an2', mimeType: 'application/octet-stream', buffer: readFileSync(`${ansiNist}nbis/face_jpb.an2`) });
    const table = section.getByRole('table', { name: 'Face record 0' });
    await table.waitFor();
    const row = (tag: string) => table.getByRole('row').filter({ has: page.getByText(tag, { exact: true }) });
    assert.deepEqual(await row('10.005').getByRole('cell').allInnerTexts(), ['10.005', 'PHD', '20040229']);
    assert.deepEqual(await row('1.008').getByRole('cell').allInnerTexts(), ['1.008', 'ORI', 'MDNISTIG']);
    assert.deepEqual(await row('10.011').getByRole('cell').allInnerTexts(), ['10.011', 'CGA', 'JPEGB']);
    const image = section.getByRole('img', { name: 'Face record 0' });
    await image.evaluate((i: HTMLImageElement) => i.decode());
    assert.deepEqual(await image.evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight]), [768, 1024]);

    await section.getByLabel(/Show the fields of a transaction/).setInputFiles({ name: 'a010_14.an2', mimeType: 'application/octet-stream', buffer: readFileSync(`${ansiNist}nbis/a010_14.an2`) });
    await section.getByRole('alert').waitFor();
    assert.equal(await section.getByRole('alert').getAttribute('data-code'), 'ABG_ERR_NO_FACE_RECORD');
    assert.match(await section.getByRole('alert').innerText(), /no face record/);
    assert.equal(await section.getByRole('table').count(), 0);
    assert.deepEqual(problems, []);
  });
});
