// The workbench in real Chromium against a real server on loopback. With ABGLEICH_SCREENSHOTS=1
// (npm run screenshots) it also refreshes docs/screenshots/*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { browserMissing, launchBrowser, serverWork } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

const missing = browserMissing();
const faceApiVersion = (JSON.parse(readFileSync(new URL('../../node_modules/@vladmandic/face-api/package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Picks the face model: from the server's list, or typed where the list cannot be loaded. */
async function chooseModel(page: Page) {
  const typed = page.locator('input#g-model');
  if (await typed.count()) await typed.fill(`@vladmandic/face-api/faceRecognitionNet@${faceApiVersion}`);
}
const required = process.env.ABGLEICH_REQUIRE_BROWSER === '1';
const shotsDir = process.env.ABGLEICH_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : undefined;

if (missing && required) {
  test('browser tests need Chromium (ABGLEICH_REQUIRE_BROWSER=1)', () => assert.fail(missing));
}

describe('examiner workbench in Chromium', { skip: missing && !required ? missing : false }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Uncaught page errors and CSP refusals: none may happen, whatever a test provokes. */
  const problems: string[] = [];

  before(async () => {
    if (webBuildIsStale()) buildWeb();
    if (shotsDir) mkdirSync(shotsDir, { recursive: true });
    // Settle both before throwing, so that `after` can stop whichever did start.
    const [s, b] = await Promise.allSettled([startServer(), launchBrowser()]);
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    return page;
  }

  async function shot(page: Page, name: string) {
    if (shotsDir) await page.screenshot({ path: `${shotsDir}${name}.png` });
  }

  async function signIn(page: Page, token: string) {
    await page.goto(server.url);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const alert = (page: Page) => page.getByRole('alert');

  // One admin session walks through the pages; later steps build on earlier ones.
  let admin: Page;
  let operatorToken = '';

  test('a bad token gets a readable message with its code, not a blank page', async () => {
    const page = await newPage();
    await signIn(page, 'abg_not_a_real_token');
    await assert.doesNotReject(alert(page).waitFor());
    assert.match(await alert(page).innerText(), /The token was not accepted/);
    assert.match(await alert(page).innerText(), /ABG_ERR_UNAUTHENTICATED/);
    await shot(page, 'login-bad-token');
  });

  test('the admin signs in and sees themself, their agency and the workflows an admin can use', async () => {
    admin = await newPage();
    await signIn(admin, server.adminToken);
    await admin.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.equal(await admin.getByTestId('me-name').innerText(), 'admin');
    assert.equal(await admin.getByTestId('agency-name').innerText(), 'Host agency');
    const nav = admin.getByRole('navigation', { name: 'Main navigation' });
    assert.equal(await nav.getByRole('link', { name: /^Enrollment/ }).getAttribute('data-available'), 'true');
    assert.equal(await nav.getByRole('link', { name: /^Hash sets/ }).getAttribute('data-available'), 'true');
    await shot(admin, 'overview');
    await nav.getByRole('link', { name: /^Enrollment/ }).click();
    await admin.getByRole('heading', { name: 'Enrollment' }).waitFor();
    await admin.getByLabel('Source (provenance)').waitFor();
  });

  test('a gallery is created and listed; invalid fields come back as a readable validation error', async () => {
    await admin.getByRole('link', { name: 'Galleries' }).click();
    await admin.getByText('Your agency has no galleries yet.').waitFor();
    await admin.getByLabel('Name').fill('Wanted persons');
    await admin.getByLabel('Legal basis').fill('Police act s. 42');
    await admin.getByLabel('Purposes').fill('Criminal Investigation');
    await chooseModel(admin);
    await admin.getByRole('button', { name: 'Create' }).click();
    const err = admin.locator('[data-code="ABG_ERR_VALIDATION"]');
    await err.waitFor();
    assert.match(await err.innerText(), /Some fields are not valid/);
    assert.match(await err.innerText(), /ABG_ERR_VALIDATION/);
    assert.match(await err.innerText(), /lowercase words joined by hyphens/);

    await admin.getByLabel('Purposes').fill('criminal-investigation, missing-persons');
    await admin.getByRole('button', { name: 'Create' }).click();
    await admin.getByRole('status').filter({ hasText: 'Gallery “Wanted persons” created.' }).waitFor();
    const row = admin.getByTestId('galleries').getByRole('row', { name: /Wanted persons/ });
    assert.match(await row.innerText(), /face\s+criminal-investigation\s*missing-persons\s+Police act s. 42\s+3650\s+@vladmandic\//);
    assert.equal(await err.count(), 0, 'the validation error is gone after a successful create');

    // Change it, then create and delete a second one (deleting asks once more).
    await admin.getByRole('button', { name: 'Edit gallery Wanted persons' }).click();
    const editor = admin.getByRole('group', { name: 'Editing gallery Wanted persons' });
    await editor.getByLabel('Retention (days)').fill('730');
    await editor.getByRole('button', { name: 'Save' }).click();
    await row.getByText('730').waitFor();
    await admin.getByLabel('Name').fill('Scratch');
    await admin.getByLabel('Legal basis').fill('test');
    await admin.getByLabel('Purposes').fill('testing');
    await admin.getByLabel('Kind').selectOption('media');
    await admin.getByRole('button', { name: 'Create' }).click();
    await admin.getByRole('button', { name: 'Edit gallery Scratch' }).click();
    await admin.getByRole('button', { name: 'Delete…' }).click();
    await admin.getByRole('button', { name: 'Really delete “Scratch”?' }).click();
    await admin.getByRole('button', { name: 'Edit gallery Scratch' }).waitFor({ state: 'detached' });
    assert.doesNotMatch(await admin.getByTestId('galleries').innerText(), /Scratch/);
    await shot(admin, 'galleries');
  });

  test('an admin creates a user and issues their token, shown once', async () => {
    await admin.getByRole('link', { name: 'Users & tokens' }).click();
    await admin.getByTestId('users').waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('Erika Operator');
    await admin.getByRole('button', { name: 'Create' }).click();
    await admin.getByText('User “Erika Operator” created.').waitFor();
    const panel = admin.getByRole('row').filter({ has: admin.getByRole('heading', { name: 'Tokens of Erika Operator' }) });
    await panel.getByLabel('examiner').check();
    await panel.getByRole('button', { name: 'Save roles' }).click();
    await panel.getByText('Roles saved.').waitFor();
    await admin.getByTestId('users').getByRole('row', { name: /Erika Operator\s+operator\s*examiner/ }).waitFor();
    await panel.getByLabel('Label').fill('front desk');
    await panel.getByLabel(/Expires after/).fill('30');
    await panel.getByRole('button', { name: 'Issue token' }).click();
    operatorToken = (await panel.getByTestId('secret').innerText()).trim();
    assert.match(operatorToken, /^abg_/);
    await panel.getByRole('status').filter({ hasText: 'shown only once' }).waitFor();
    assert.match(await panel.getByRole('table').innerText(), /front desk\s+valid/);
    await admin.evaluate(() => window.scrollTo(0, 0));
    await shot(admin, 'users-and-tokens');
  });

  test('the new user signs in without the admin forms; an action their roles lost meanwhile is explained with its code', async () => {
    const op = await newPage();
    await signIn(op, operatorToken);
    await op.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.equal(await op.getByTestId('me-name').innerText(), 'Erika Operator');
    await op.getByRole('link', { name: 'Galleries' }).click();
    assert.match(await op.getByRole('table').innerText(), /Wanted persons/);
    await op.getByTestId('admins-only').waitFor();
    assert.equal(await op.getByRole('button', { name: 'Create' }).count(), 0, 'no create form for an operator');
    assert.equal(await op.getByRole('button', { name: /^Edit gallery/ }).count(), 0, 'no edit button for an operator');

    // The admin takes the operator role away while Erika is signed in: her page still offers the
    // import, and the server's refusal is explained with its code.
    const panel = admin.getByRole('row').filter({ has: admin.getByRole('heading', { name: 'Tokens of Erika Operator' }) });
    await panel.getByLabel('operator').uncheck();
    await panel.getByRole('button', { name: 'Save roles' }).click();
    await admin.getByTestId('users').getByRole('row', { name: /^Erika Operator\s+examiner\s+active/ }).waitFor();
    await op.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Hash sets/ }).click();
    await op.getByLabel('VICS JSON or CSV file').setInputFiles({ name: 'known.csv', mimeType: 'text/csv', buffer: Buffer.from(`md5,category\n${'ab'.repeat(16)},1\n`) });
    await op.getByLabel('Name', { exact: true }).fill('Not mine to import');
    await op.getByLabel('Source', { exact: true }).fill('none');
    await op.getByRole('button', { name: 'Import', exact: true }).click();
    const err = op.locator('[data-code="ABG_ERR_FORBIDDEN"]');
    await err.waitFor();
    assert.match(await err.innerText(), /You may not do this/);
    assert.match(await err.innerText(), /ABG_ERR_FORBIDDEN/);
    assert.match(await err.innerText(), /requires the admin or operator role/);
    await err.scrollIntoViewIfNeeded();
    await shot(op, 'forbidden');

    // The admin revokes that token; the operator's next request ends the session with a reason.
    await admin.getByRole('button', { name: 'Revoke token front desk' }).click();
    await admin.getByRole('table').filter({ hasText: 'front desk' }).getByText('revoked').waitFor();
    await op.getByRole('link', { name: 'Users & tokens' }).click();
    await op.getByRole('heading', { name: 'Sign in with an API token' }).waitFor();
    assert.match(await alert(op).innerText(), /Your token was revoked[\s\S]*ABG_ERR_TOKEN_REVOKED/);

    await admin.getByRole('button', { name: 'Disable user' }).click();
    await admin.getByTestId('users').getByRole('row', { name: /Erika Operator.*disabled/ }).waitFor();
  });

  test('an expired token sends the user back to sign-in with the reason', async () => {
    const page = await newPage();
    await signIn(page, server.adminToken);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // The server cannot be made to age a token here, so its answer for one is played back.
    await page.route('**/v1/galleries', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'ABG_ERR_TOKEN_EXPIRED', message: 'The API token has expired; ask an admin for a new one.', requestId: 'r-1' } }),
      }),
    );
    await page.getByRole('link', { name: 'Galleries' }).click();
    await page.getByRole('heading', { name: 'Sign in with an API token' }).waitFor();
    assert.match(await alert(page).innerText(), /Your token has expired[\s\S]*ABG_ERR_TOKEN_EXPIRED/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('abgleich.token')), null, 'the token is forgotten');
  });

  test('a network error and a malformed answer give readable messages, never a blank page', async () => {
    const page = await newPage();
    await signIn(page, server.adminToken);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.route('**/v1/galleries', (route) => route.abort('internetdisconnected'));
    await page.getByRole('link', { name: 'Galleries' }).click();
    const offline = page.locator('[data-code="ABG_UI_NETWORK"]');
    await offline.waitFor();
    assert.match(await offline.innerText(), /server cannot be reached[\s\S]*ABG_UI_NETWORK/);
    await page.unroute('**/v1/galleries');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('galleries').waitFor();

    // A gallery without its fields makes the page fail to render: the boundary catches it.
    await page.route('**/v1/galleries', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"galleries":[{"id":"x"}]}' }));
    await page.getByRole('link', { name: 'Agencies' }).click();
    await page.getByRole('link', { name: 'Galleries' }).click();
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor();
    assert.match(await page.locator('[data-code="ABG_UI_CRASH"]').innerText(), /ABG_UI_CRASH/);
    assert.doesNotMatch(await page.locator('body').innerText(), /at \w+ \(/, 'no stack trace on the page');
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  test('a host admin creates an agency with its first admin, whose token is shown once', async () => {
    await admin.getByRole('link', { name: 'Agencies' }).click();
    await admin.getByTestId('agencies').waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('Landespolizei Nord');
    await admin.getByLabel('Country').fill('DE');
    await admin.getByLabel(/first admin/).fill('Nord Admin');
    await admin.getByRole('button', { name: 'Create' }).click();
    await admin.getByText('Agency “Landespolizei Nord” created.').waitFor();
    const row = admin.getByTestId('agencies').getByRole('row', { name: /Landespolizei Nord/ });
    assert.match(await row.innerText(), /Landespolizei Nord\s+DE/);
    assert.match(await admin.getByTestId('secret').innerText(), /^abg_/);
    await shot(admin, 'agencies');
    await admin.getByRole('button', { name: 'Edit agency Landespolizei Nord' }).click();
    await admin.locator('tr.expanded').getByLabel('Country').fill('DE-SH');
    await admin.locator('tr.expanded').getByRole('button', { name: 'Save' }).click();
    await row.filter({ hasText: 'DE-SH' }).waitFor();
  });

  test('the workflow pages work against this server and explain what it refuses', async () => {
    const notAnImage = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('this is not an image') };
    // Searching is an operator's work: a new operator tries a file that is not an image.
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.ok(res.ok, `${method} ${path}: ${res.status}`);
      return res.json() as Promise<any>;
    };
    const searcher = await call('POST', '/v1/users', { name: 'Sam Searcher', roles: ['operator'] });
    const searcherToken = (await call('POST', '/v1/tokens', { userId: searcher.id, label: 'e2e' })).token as string;
    const sam = await newPage();
    await signIn(sam, searcherToken);
    await sam.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Search/ }).click();
    await sam.getByLabel('Probe image').setInputFiles(notAnImage);
    await sam.getByLabel('Purpose', { exact: true }).fill('criminal-investigation');
    await sam.getByLabel('Case reference').fill('2026-K-0815');
    await sam.getByLabel('Authorisation reference').fill('AG-2026-77');
    await sam.getByRole('button', { name: 'Search', exact: true }).click();
    const err = alert(sam);
    await err.waitFor(serverWork);
    assert.match(await err.innerText(), /Error code: ABG_ERR_\w+/);

    await admin.getByRole('link', { name: /^Enrollment/ }).click();
    await admin.getByLabel('Source (provenance)').fill('custody photos 2026');
    await admin.getByLabel('Images to enroll').setInputFiles([notAnImage, { ...notAnImage, name: 'second.txt' }]);
    await admin.getByRole('button', { name: 'Enroll 2 file(s)' }).click();
    // Done when the progress bar is full: each file is a request the server answers at its own pace.
    const progress = admin.getByRole('progressbar', { name: 'Enrollment progress' });
    await progress.and(admin.locator('[value="2"]')).waitFor(serverWork);
    const results = admin.getByTestId('enroll-results');
    await results.getByRole('row', { name: /second\.txt/ }).waitFor();
    assert.match(await results.innerText(), /notes\.txt\s+notes\s+ABG_ERR_\w+/);
    await shot(admin, 'enrollment-refused');

    // An admin is neither operator, examiner nor owner officer: those pages are not in the
    // navigation, and opened by URL they say who they are for instead of showing refusals.
    const nav = admin.getByRole('navigation', { name: 'Main navigation' });
    for (const hidden of [/^Search/, /^Review/, /^Disclosure/, /^1:1 verification/, /^Media triage/]) {
      assert.equal(await nav.getByRole('link', { name: hidden }).count(), 0, `${hidden} is not offered to an admin`);
    }
    for (const [path, heading, message] of [
      ['/review', 'Review', 'This page is for operators or examiners; your roles: admin'],
      ['/search', 'Search', 'This page is for operators; your roles: admin'],
      ['/disclosure', 'Disclosure', 'This page is for operators, examiners or owner officers; your roles: admin'],
    ] as const) {
      await admin.goto(server.url + path);
      await admin.getByRole('heading', { name: heading }).waitFor();
      assert.equal(await admin.getByTestId('not-for-your-roles').innerText(), message);
      assert.equal(await alert(admin).count(), 0, `no error box on ${path}`);
    }
    // Every page the admin's navigation offers loads without a single red error box.
    const offered = await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    assert.ok(offered.length >= 10, `the admin's pages: ${offered.join(' ')}`);
    for (const href of offered) {
      await nav.locator(`a[href="${href}"]`).click();
      await admin.waitForLoadState('networkidle');
      await admin.getByText('Loading…').first().waitFor({ state: 'detached' });
      assert.equal(await admin.locator('.error, [role=alert]').count(), 0, `no error box on ${href}: ${await admin.locator('.error').allInnerTexts()}`);
    }
    await nav.getByRole('link', { name: /^Oversight/ }).click();
    await admin.getByRole('heading', { name: 'Agreements' }).waitFor();
    await admin.getByText(/No agreements\.|Owner/).first().waitFor();
    assert.equal(await admin.getByRole('heading', { name: /New agreement/ }).count(), 0, 'only owner officers are offered the agreement form');
  });

  test('German is one switch away, kept across a reload, and deep links work', async () => {
    await admin.goto(`${server.url}/galleries`);
    await admin.getByRole('heading', { name: 'Galleries' }).waitFor();
    await admin.getByLabel('Language').selectOption('de');
    await admin.getByRole('heading', { name: 'Galerien' }).waitFor();
    await admin.reload();
    await admin.getByRole('heading', { name: 'Galerien' }).waitFor();
    assert.equal(await admin.evaluate(() => document.documentElement.lang), 'de');
    await admin.getByRole('link', { name: 'Übersicht' }).click();
    await admin.getByRole('heading', { name: 'Übersicht' }).waitFor();
    await shot(admin, 'overview-de');
    await admin.getByLabel('Sprache').selectOption('en');
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.getByRole('heading', { name: 'Sign in with an API token' }).waitFor();
    assert.equal(await admin.evaluate(() => sessionStorage.getItem('abgleich.token')), null);
    await shot(admin, 'login');
  });

  test('no page threw an uncaught error or broke the content security policy', () => {
    assert.deepEqual(problems, []);
  });
});
