// Debian's Chromium driven by playwright-core; no browser is ever downloaded.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

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

/** Opens the workbench at `url` and signs in with `token`. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me-name').waitFor();
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
