// The re-embed button of the galleries page in Chromium against `abgleich serve`: an admin moves a
// face gallery from one calibrated tiny ONNX model onto another and sees the switch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { addCalibratedTinyModels } from '../../src/testing/tiny-models-on-disk.ts';
import { browserMissing, launchBrowser, signIn } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

const missing = browserMissing();
const FROM = { id: 'vendor-test/web-a@1', alias: 'web-a' };
const TO = { id: 'vendor-test/web-b@1', alias: 'web-b', seed: 5 };

describe('re-embedding a gallery from the workbench', { skip: missing && process.env.ABGLEICH_REQUIRE_BROWSER !== '1' ? missing : false }, () => {
  const vendor = mkdtempSync(join(tmpdir(), 'abg-web-vendor-'));
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    if (webBuildIsStale()) buildWeb();
    server = await startServer({ prepare: (dataDir) => addCalibratedTinyModels(dataDir, vendor, [FROM, TO]) });
    browser = await launchBrowser();
    const created = await fetch(`${server.url}/v1/galleries`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Moving', kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId: FROM.id, thresholdFmr: 1e-3 }) });
    assert.equal(created.status, 201);
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, server.adminToken);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(vendor, { recursive: true, force: true });
  });

  test('the admin picks the other calibrated model, starts the job and sees the switch', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Galleries/ }).click();
    await page.getByRole('button', { name: 'Edit gallery Moving' }).click();
    const box = page.getByTestId('reembed');
    await box.getByLabel('Model').selectOption(TO.id);
    await box.getByRole('button', { name: 'Re-embed' }).click();
    await box.getByRole('status').filter({ hasText: `Switched: all 0 samples are on ${TO.id}.` }).waitFor();
    await page.getByTestId('galleries').getByText(TO.id, { exact: true }).waitFor();
  });
});
