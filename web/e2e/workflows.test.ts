// The story in Chromium: enroll, search, two-person review, disclosure, statistics.
// The server is real (HTTP on loopback, SQLite data directory); only the face engine is the test
// fake, because `abgleich serve` ships no face model yet. Users and the agreement are set up
// through the public API; every workflow step is done in the browser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { fakeImage, fakeModelId } from '../../src/services/testing/fake-face-engine.ts';
import { browserMissing, launchBrowser } from './browser.ts';
import { startFakeFaceServer, type TestServer } from './server.ts';

const missing = browserMissing();
const required = process.env.ABGLEICH_REQUIRE_BROWSER === '1';
const shotsDir = process.env.ABGLEICH_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : undefined;
const purpose = 'criminal-investigation';

if (missing && required) {
  test('workflow browser tests need Chromium (ABGLEICH_REQUIRE_BROWSER=1)', () => assert.fail(missing));
}

describe('workflows in Chromium: enroll, search, review, disclose, statistics', { skip: missing && !required ? missing : false }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const tokens: Record<string, string> = {};

  async function call(token: string, method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => undefined);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  async function user(adminToken: string, name: string, roles: string[]) {
    const u = await call(adminToken, 'POST', '/v1/users', { name, roles });
    tokens[name] = (await call(adminToken, 'POST', '/v1/tokens', { userId: u.id, label: 'e2e' })).token;
  }

  async function as(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(server.url);
    await page.getByLabel('API token').fill(tokens[name]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('me-name').filter({ hasText: name }).waitFor();
    return page;
  }

  const nav = (page: Page, name: RegExp) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name });
  const shot = async (page: Page, name: string) => {
    if (shotsDir) await page.screenshot({ path: `${shotsDir}${name}.png` });
  };
  const file = (name: string, face: string, variant: number) => ({ name, mimeType: 'image/jpeg', buffer: Buffer.from(fakeImage({ face, variant, quality: 80 })) });

  before(async () => {
    if (webBuildIsStale()) buildWeb();
    if (shotsDir) mkdirSync(shotsDir, { recursive: true });
    const [s, b] = await Promise.allSettled([startFakeFaceServer(), launchBrowser()]);
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;

    const owner = server.adminToken;
    const gallery = await call(owner, 'POST', '/v1/galleries', { name: 'Wanted persons', kind: 'face', legalBasis: 'Police act s. 42', purposes: [purpose], retentionDays: 3650, modelId: fakeModelId });
    await user(owner, 'Olga Operator', ['operator']);
    await user(owner, 'Otto Officer', ['owner-officer']);
    const requester = await call(owner, 'POST', '/v1/agencies', { name: 'Requesting agency', country: 'DE', adminName: 'requester admin' });
    const reqAdmin = requester.admin.token as string;
    await user(reqAdmin, 'Rita Operator', ['operator']);
    await user(reqAdmin, 'Erik Examiner', ['examiner']);
    await user(reqAdmin, 'Eva Examiner', ['examiner']);
    await user(reqAdmin, 'Anna Auditor', ['auditor']);
    const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString();
    await call(tokens['Otto Officer'], 'POST', '/v1/agreements', {
      requesterAgencyId: requester.agency.id, galleryIds: [gallery.id], purposes: [purpose], validUntil, maxCandidates: 5, showImages: true, reference: 'Treaty 2026/1',
    });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  test('the owner enrolls three images and sees a result per file', async () => {
    const page = await as('Olga Operator');
    await nav(page, /^Enrollment/).click();
    await page.getByLabel('Source (provenance)').fill('custody photos 2026');
    await page.getByLabel('Images to enroll').setInputFiles([file('alice.jpg', 'alice', 0), file('bob.jpg', 'bob', 0), file('carol.jpg', 'carol', 0)]);
    await page.getByRole('button', { name: 'Enroll 3 file(s)' }).click();
    const results = page.getByTestId('enroll-results');
    await results.getByRole('row', { name: /carol\.jpg/ }).waitFor();
    assert.equal((await results.innerText()).match(/enrolled/g)?.length, 3, await results.innerText());
    await shot(page, 'enrollment');
  });

  let searchPage: Page;
  test("the requester's operator searches and gets the right candidate above the threshold", async () => {
    searchPage = await as('Rita Operator');
    await nav(searchPage, /^Search/).click();
    await searchPage.getByLabel('Probe image').setInputFiles(file('probe.jpg', 'alice', 7));
    await searchPage.getByLabel('Purpose', { exact: true }).fill(purpose);
    await searchPage.getByLabel('Case reference').fill('2026-K-0815');
    await searchPage.getByLabel('Authorisation reference').fill('AG-2026-77');
    // Identification mode needs a gallery with a declared reliability; this one has none.
    await searchPage.getByLabel('Mode').selectOption('investigation');
    await searchPage.getByRole('button', { name: 'Search', exact: true }).click();
    const result = searchPage.getByTestId('search-result');
    const refused = searchPage.getByRole('alert');
    await result.or(refused).waitFor();
    if (await refused.count()) assert.fail(await refused.innerText());
    assert.match(await result.innerText(), /Wanted persons/);
    const first = result.getByRole('row').nth(1);
    assert.match(await first.innerText(), /^1\s+\d\.\d{3}\s+\d\.\de-\d+\s+yes/);
    await result.scrollIntoViewIfNeeded();
    await shot(searchPage, 'search');
  });

  test('two different examiners decide; the hit is confirmed only after the second', async () => {
    const erik = await as('Erik Examiner');
    await nav(erik, /^Review/).click();
    await erik.getByTestId('hits').getByRole('link', { name: 'Review' }).first().click();
    assert.equal(await erik.getByTestId('hit-state').innerText(), 'pending');
    await erik.getByLabel('Note (required)').fill('Same ear shape and scar above the left eyebrow.');
    await erik.getByRole('button', { name: 'Match', exact: true }).click();
    await erik.getByText('A second, different examiner decides next.').waitFor();
    assert.equal(await erik.getByTestId('hit-state').innerText(), 'pending');

    const eva = await as('Eva Examiner');
    await nav(eva, /^Review/).click();
    await eva.getByTestId('hits').getByRole('link', { name: 'Review' }).first().click();
    await eva.getByLabel('Note (required)').fill('Independent check: consistent features, no discrepancies.');
    await eva.getByRole('button', { name: 'Match', exact: true }).click();
    await eva.getByTestId('hit-state').filter({ hasText: 'confirmed' }).waitFor();
    await eva.getByLabel('Justification').fill('Suspect in case 2026-K-0815; identity needed for the arrest warrant.');
    await eva.getByRole('button', { name: 'Send request' }).click();
    await eva.getByText('Request sent to the owner agency.').waitFor();
  });

  test("the owner's officer approves and the requester reads the released core data", async () => {
    const otto = await as('Otto Officer');
    await nav(otto, /^Disclosure/).click();
    const request = otto.getByTestId('disclosure').filter({ hasText: 'for your decision' });
    await request.getByLabel('Note (required)').fill('Covered by Treaty 2026/1, art. 4.');
    await request.getByRole('button', { name: 'Approve' }).click();
    await request.getByText('approved').waitFor();

    await nav(searchPage, /^Disclosure/).click();
    await searchPage.getByRole('button', { name: 'Show the released core data' }).click();
    const core = searchPage.getByTestId('core-data');
    await core.waitFor();
    assert.match(await core.innerText(), /Subject: alice/);
    assert.match(await core.innerText(), /onward transfer is prohibited/);
    await shot(searchPage, 'disclosure');
  });

  test("the requester's auditor sees the statistics move", async () => {
    const anna = await as('Anna Auditor');
    await nav(anna, /^Oversight/).click();
    const stats = anna.getByTestId('statistics');
    await stats.waitFor();
    // Agency names arrive in a second request; the table shows ids until then.
    await stats.getByText('Requesting agency').first().waitFor();
    const text = await stats.innerText();
    assert.match(text, /Requesting agency\s+\S+\s+criminal-investigation\s+\d{4}/);
    const header = (await stats.locator('thead th').allTextContents()).map((h) => h.trim().replace(/ (\w)/g, (_, c: string) => c.toUpperCase()));
    const row = (await stats.locator('tbody tr').first().locator('td').allInnerTexts()).map((c) => c.trim());
    const col = (name: string) => Number(row[header.indexOf(name)]);
    assert.equal(col('searches'), 1, text);
    assert.equal(col('confirmedHits'), 1, text);
    await anna.getByTestId('checkpoint').waitFor();
    await shot(anna, 'oversight');
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(problems, []);
  });
});
