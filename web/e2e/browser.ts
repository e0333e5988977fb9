// Debian's Chromium driven by playwright-core; no browser is ever downloaded.
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { TestServer } from './server.ts';

export const chromiumPath = '/usr/bin/chromium';
/** For waits on the server's work (decoding, loading face models): it bounds a hang, not the pace of a loaded machine. */
export const serverWork = { timeout: 180_000 };

/** Why browser tests cannot run here, or false when they can. */
export function browserMissing(): string | false {
  return existsSync(chromiumPath) ? false : `Chromium not found at ${chromiumPath} (apt-get install -y chromium); set ABGLEICH_REQUIRE_BROWSER=1 to fail instead of skipping`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Why a browser suite skips (no Chromium), or false when it runs. With ABGLEICH_REQUIRE_BROWSER=1
 * (CI) a missing Chromium is a failing test named after `what` instead of a skip.
 */
export function browserSkip(what: string): string | false {
  const missing = browserMissing();
  if (!missing) return false;
  if (process.env.ABGLEICH_REQUIRE_BROWSER !== '1') return missing;
  test(`${what} needs Chromium (ABGLEICH_REQUIRE_BROWSER=1)`, () => assert.fail(missing));
  return false;
}

/** Opens the workbench at `url` and signs in with `token`. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me-name').waitFor();
}

/**
 * The host admin, made an operator as well (triage, verification and hash sets are an operator's
 * work), signed in on a new English page 1200 px wide; page errors are pushed to `problems`.
 */
export async function adminAsOperator(server: TestServer, browser: Browser, problems: string[]): Promise<Page> {
  const auth = { authorization: `Bearer ${server.adminToken}` };
  const me = (await (await fetch(`${server.url}/v1/me`, { headers: auth })).json()) as { id: string };
  const patched = await fetch(`${server.url}/v1/users/${me.id}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ roles: ['admin', 'operator'] }) });
  assert.ok(patched.ok, `the admin becomes an operator too: ${patched.status}`);
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await signIn(page, server.url, server.adminToken);
  return page;
}

/** Imports a CSV hash list on the Hash sets page (already open) and returns the import's result text. */
export async function importHashList(page: Page, file: string, csv: string, name: string, source: string): Promise<string> {
  await page.getByLabel('VICS JSON or CSV file').setInputFiles({ name: file, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Source', { exact: true }).fill(source);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const result = page.getByTestId('hashset-import');
  await result.waitFor();
  return result.innerText();
}

/**
 * The text of a part of the page once it matches `pattern`, or its text after `ms` if it never
 * does. Names and counts arrive in their own requests after the list they decorate, so a test
 * that reads at once can see the id that shows until the name comes.
 */
export async function settledText(locator: Locator, pattern: RegExp, ms = 10_000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const text = await locator.innerText();
    if (pattern.test(text) || Date.now() > until) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
}
