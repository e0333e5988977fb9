// Every page of the workbench, opened by the role that uses it with data present (LFW photos, the
// real face pipeline, `abgleich serve` on loopback): at 1280, 1440 and 1920 px no card or table
// sticks out and the page never scrolls sideways, no error box shows, no message key is left
// untranslated, and in German no English status, role or verdict is left standing. The review
// view shows the whole face by default and zooms. With ABGLEICH_SCREENSHOTS=1 it writes
// docs/screenshots/<page>-<width>.png (the viewport, 1280 and 1920 px).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { en } from '../src/i18n/en.ts';
import { de } from '../src/i18n/de.ts';
import { browserMissing, serverWork, settledText } from './browser.ts';
import { Cast, form, lfwAbsent, people, photo, purpose } from './cast.ts';

const missing = browserMissing();
const required = process.env.ABGLEICH_REQUIRE_BROWSER === '1';
const shotsDir = process.env.ABGLEICH_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : undefined;

if (missing && required) {
  test('every-page browser tests need Chromium (ABGLEICH_REQUIRE_BROWSER=1)', () => assert.fail(missing));
}

const keys = Object.keys(en);
/** English values of statuses, roles, verdicts, decisions, kinds and column names: none may stand alone on a German page. */
const enumPrefixes = ['state.', 'role.', 'roles.plural.', 'decision.', 'galleries.kind.', 'outcome.', 'stats.col.', 'triage.', 'objections.stage.', 'quality.verdict.', 'search.mode.', 'review.match', 'review.no-match', 'review.inconclusive'];
const englishWords = [...new Set((Object.keys(en) as (keyof typeof en)[]).filter((k) => enumPrefixes.some((p) => k.startsWith(p)) && en[k] !== de[k] && !/[{]/.test(en[k])).map((k) => en[k]))];

/** What is wrong with the page as laid out now: sideways scrolling, cards or tables sticking out, error boxes, message keys. */
function layoutProblems(messageKeys: string[]): string[] {
  const out: string[] = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
  const main = document.querySelector('main.content')!;
  const mainBox = main.getBoundingClientRect();
  const what = (e: Element) => (e.getAttribute('data-testid') ?? e.querySelector('h2,h3')?.textContent ?? e.textContent ?? '').slice(0, 40);
  for (const card of main.querySelectorAll('.panel')) {
    if (card.getBoundingClientRect().right > mainBox.right + 1) out.push(`card “${what(card)}” sticks out of the page`);
  }
  for (const table of main.querySelectorAll('table')) {
    const box = (table.closest('.scroll-x') ?? table).getBoundingClientRect();
    const card = (table.closest('.panel') ?? main).getBoundingClientRect();
    if (box.right > card.right + 1) out.push(`table “${what(table)}” overflows its card by ${Math.round(box.right - card.right)} px`);
  }
  for (const e of document.querySelectorAll('.error, [role=alert]')) out.push(`error box: ${(e.textContent ?? '').slice(0, 120)}`);
  const copy = document.body.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('code, pre, input, textarea, datalist').forEach((c) => c.remove());
  const text = copy.textContent ?? '';
  for (const k of messageKeys) if (new RegExp(`(^|[^\\w.-])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w.-])`).test(text)) out.push(`untranslated key ${k}`);
  return out;
}

/** Elements whose whole text is one of the English words (data the page shows is excepted). */
function englishLeft([words, except]: [string[], string[]]): string[] {
  const found = new Set<string>();
  for (const e of document.querySelectorAll('main *, nav *, header *')) {
    if (e.closest('code, pre, datalist')) continue;
    const own = [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
    if (own && words.includes(own) && !except.includes(own)) found.add(`${e.tagName.toLowerCase()}: ${own}`);
  }
  return [...found];
}

describe('every page at 1280, 1440 and 1920 px, in English and German', { skip: missing && !required ? missing : lfwAbsent }, () => {
  let cast: Cast;
  const pages: Record<string, Page> = {};
  let hitId = '';

  before(async () => {
    if (webBuildIsStale()) buildWeb();
    if (shotsDir) mkdirSync(shotsDir, { recursive: true });
    cast = await Cast.start();
    cast.tokens['admin'] = cast.server.adminToken;
    const { galleryId } = await cast.exchange([['Rita Operator', ['operator']], ['Erik Examiner', ['examiner']], ['Eva Examiner', ['examiner']], ['Anna Auditor', ['auditor']]]);
    for (const [i, person] of people.slice(0, 2).entries()) {
      await cast.call(cast.tokens['Olga Operator']!, 'POST', `/v1/galleries/${galleryId}/enrollments`, form({ source: 'custody photos 2026', subjectRef: `P-${i}` }, 'image', photo(person, 0)));
    }
    await cast.call(cast.server.adminToken, 'POST', '/v1/objections', form({ reference: 'DSR-2026-7', purposes: 'all' }, 'evidence', photo(people[2]!, 0)));
    const csv = `md5,category\n${'ab'.repeat(16)},1\n${'cd'.repeat(16)},2\n`;
    await cast.call(cast.tokens['Olga Operator']!, 'POST', '/v1/hashsets', form({ name: 'Known 2026', source: 'national list', categoryScheme: 'baseline', format: 'csv' }, 'file', { name: 'known.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }));
  });
  after(async () => {
    await cast?.close();
  });

  async function as(name: string): Promise<Page> {
    pages[name] ??= await cast.as(name);
    return pages[name]!;
  }

  async function open(page: Page, path: string) {
    await page.getByRole('navigation', { name: 'Main navigation' }).locator(`a[href="${path}"]`).click();
    await page.waitForLoadState('networkidle');
  }

  /** Checks the page at three widths (screenshots at two), then in German; `except`: data values equal to an English word. */
  async function check(page: Page, name: string, except: string[] = []) {
    // The test runner's compiler names functions through a helper the page does not have.
    await page.evaluate('globalThis.__name ??= (f) => f');
    await page.waitForLoadState('networkidle');
    await page.getByText('Loading…').first().waitFor({ state: 'detached' });
    for (const width of [1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.deepEqual(await page.evaluate(layoutProblems, keys), [], `${name} at ${width} px`);
      if (shotsDir && width !== 1440) await page.screenshot({ path: `${shotsDir}${name}-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel('Language').selectOption('de');
    await page.locator('html[lang=de]').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await page.evaluate(layoutProblems, keys), [], `${name} in German`);
    assert.deepEqual(await page.evaluate(englishLeft, [englishWords, except] as [string[], string[]]), [], `${name}: English left in German`);
    await page.getByLabel('Sprache').selectOption('en');
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
  }

  test("the requester's operator: overview, a search with its candidates, verification, disclosure", async () => {
    const rita = await as('Rita Operator');
    await check(rita, 'overview');
    await open(rita, '/search');
    await rita.getByLabel('Probe image').setInputFiles(photo(people[0]!, 1));
    await rita.getByLabel('Purpose', { exact: true }).fill(purpose);
    await rita.getByLabel('Case reference').fill('2026-K-0815');
    await rita.getByLabel('Authorisation reference').fill('AG-2026-77');
    await rita.getByLabel('Mode').selectOption('investigation');
    await rita.getByRole('button', { name: 'Search', exact: true }).click();
    const result = rita.getByTestId('search-result');
    await result.or(rita.getByRole('alert')).waitFor(serverWork);
    await check(rita, 'search');
    await open(rita, '/verification');
    await check(rita, 'verification');
    const hits = await cast.call(cast.tokens['Rita Operator']!, 'GET', '/v1/hits?state=pending');
    hitId = (hits.hits as { hitId: string; aboveThreshold: boolean }[]).find((h) => h.aboveThreshold)?.hitId ?? '';
    assert.ok(hitId, `a hit above the threshold: ${JSON.stringify(hits)}`);
  });

  test('an examiner: the hit list, and the review view with the whole face by default and zoom', async () => {
    const erik = await as('Erik Examiner');
    await open(erik, '/review');
    await erik.getByTestId('hits').waitFor();
    await check(erik, 'review-list');
    await erik.goto(`${cast.server.url}/review?hit=${encodeURIComponent(hitId)}`);
    await erik.getByRole('img', { name: 'Gallery image' }).waitFor(serverWork);
    await erik.getByRole('img', { name: 'Probe' }).waitFor(serverWork);
    const fit = () =>
      erik.evaluate(() =>
        [...document.querySelectorAll<HTMLImageElement>('.pane img')].map((img) => {
          const pane = img.closest('.pane')!;
          const frame = img.parentElement!.getBoundingClientRect();
          const box = pane.getBoundingClientRect();
          return {
            complete: img.complete && img.naturalWidth > 0,
            natural: img.naturalWidth / img.naturalHeight,
            shown: frame.width / frame.height,
            objectFit: getComputedStyle(img).objectFit,
            inside: frame.top >= box.top - 1 && frame.bottom <= box.bottom + 1 && frame.left >= box.left - 1 && frame.right <= box.right + 1,
            scrolls: pane.scrollHeight > pane.clientHeight + 1 || pane.scrollWidth > pane.clientWidth + 1,
          };
        }),
      );
    await erik.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.pane img')].every((i) => i.complete && i.naturalWidth > 0 && i.parentElement!.style.aspectRatio !== ''));
    const whole = await fit();
    assert.equal(whole.length, 2, 'probe and candidate');
    for (const f of whole) {
      assert.ok(Math.abs(f.shown - f.natural) < 0.02, `natural aspect kept: ${JSON.stringify(f)}`);
      assert.equal(f.objectFit, 'contain');
      assert.ok(f.inside && !f.scrolls, `the whole image inside its frame, nothing cut off: ${JSON.stringify(f)}`);
    }
    await erik.getByRole('button', { name: 'Zoom in' }).click();
    await erik.getByTestId('zoom-level').filter({ hasText: '1.5×' }).waitFor();
    assert.ok((await fit()).every((f) => f.scrolls && Math.abs(f.shown - f.natural) < 0.02), 'zoomed in: larger than the pane, still undistorted');
    await erik.getByRole('button', { name: 'Whole image' }).click();
    await erik.getByTestId('zoom-level').filter({ hasText: '1×' }).waitFor();
    assert.ok((await fit()).every((f) => f.inside && !f.scrolls), 'reset shows the whole image again');
    await check(erik, 'review');
    for (const [name, note] of [['Erik Examiner', 'Same ear shape and hairline.'], ['Eva Examiner', 'Independent check: consistent.']] as const) {
      await cast.call(cast.tokens[name]!, 'POST', `/v1/hits/${hitId}/reviews`, { decision: 'match', note });
    }
    await cast.call(cast.tokens['Erik Examiner']!, 'POST', `/v1/hits/${hitId}/disclosures`, { justification: 'Identity needed for the arrest warrant in 2026-K-0815.' });
    await erik.reload();
    await erik.getByTestId('hit-state').filter({ hasText: 'confirmed' }).waitFor();
    await open(erik, '/hashsets');
    await check(erik, 'hashsets-examiner');
  });

  test("the owner's officer: the disclosure to decide, notifications, agreements", async () => {
    const otto = await as('Otto Officer');
    await open(otto, '/disclosure');
    await otto.getByTestId('disclosure').filter({ hasText: 'for your decision' }).waitFor();
    await check(otto, 'disclosure');
    await open(otto, '/notifications');
    const list = otto.getByTestId('notifications');
    await list.getByText('A hit in your gallery was confirmed').waitFor();
    const item = list.locator('li').filter({ hasText: 'A hit in your gallery was confirmed' });
    assert.match(await settledText(item, /Gallery\s+Wanted persons/), /Gallery\s+Wanted persons/, 'the gallery by name');
    assert.match(await settledText(item, /Requesting agency\s+Requesting agency/), /Requesting agency\s+Requesting agency/, 'the agency by name');
    await check(otto, 'notifications');
    await open(otto, '/oversight');
    await otto.getByTestId('agreements').waitFor();
    // Agency names arrive in their own request; the table shows short ids until then.
    await otto.waitForFunction(() => /Host agency\s+Requesting agency/.test((document.querySelector('[data-testid=agreements]') as HTMLElement | null)?.innerText ?? ''), undefined, { timeout: 15_000 });
    assert.match(await settledText(otto.getByTestId('agreements'), /Host agency\s+Requesting agency/), /Host agency\s+Requesting agency/);
    await check(otto, 'oversight-officer');
  });

  test('notices: the issuer with its circulated notice, the recipient with its inbox', async () => {
    const drafted = await cast.call(cast.tokens['Olga Operator']!, 'POST', '/v1/notices', form({ purpose, legalBasis: 'StPO §131a', caseRef: '2026-U-0002', description: 'Unknown woman seen in seized media', recipients: 'Requesting agency', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() }, 'probe', photo(people[1]!, 1)));
    await cast.call(cast.tokens['Otto Officer']!, 'POST', `/v1/notices/${drafted.notice.id}/approve`);
    const otto = await as('Otto Officer');
    await open(otto, '/notices');
    await otto.getByTestId('notices-issued').getByText('2026-U-0002').waitFor();
    await check(otto, 'notices-issuer', ['circulated', 'received']);
    const rita = await as('Rita Operator');
    await open(rita, '/notices');
    await rita.getByTestId('notices-inbox').getByText('Unknown woman seen in seized media').waitFor();
    await check(rita, 'notices-recipient', ['circulated', 'received']);
  });

  test("the owner's operator: enrollment, subjects, hash sets, and a triage with faces and an objection catch", async () => {
    const olga = await as('Olga Operator');
    await open(olga, '/enrollment');
    await check(olga, 'enrollment');
    await open(olga, '/subjects');
    await olga.getByRole('cell', { name: /^P-0/ }).first().waitFor();
    await check(olga, 'subjects');
    await open(olga, '/hashsets');
    await olga.getByTestId('hashsets').waitFor();
    await check(olga, 'hashsets');
    await open(olga, '/triage');
    await olga.getByLabel('Case reference').fill('2026-T-4711');
    await olga.getByLabel('Faces').check();
    const notAnImage = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('this is not an image') };
    await olga.getByLabel('Files or zip archives to triage').setInputFiles([photo(people[2]!, 0), photo(people[3]!, 0), notAnImage]);
    await olga.getByRole('button', { name: 'Triage 3 file(s)' }).click();
    const results = olga.getByTestId('triage-results');
    await results.waitFor(serverWork);
    const row = (file: string) => results.getByRole('row').filter({ hasText: file });
    assert.match(await row(photo(people[2]!, 0).name).innerText(), /objection\s+DSR-2026-7 · exact copy\s+1\b/, 'the objection catch with its reference, not “new”, and one face');
    assert.match(await row(photo(people[3]!, 0).name).innerText(), /new\s+—\s+1\b/, 'a new file with one face');
    assert.match(await olga.getByTestId('triage-summary').innerText(), /1 reached by an objection/);
    await check(olga, 'triage');
  });

  test("the host admin: galleries, users, agencies, objections and face models; pages for other roles are not in the navigation", async () => {
    const admin = await as('admin');
    const nav = admin.getByRole('navigation', { name: 'Main navigation' });
    for (const hidden of ['/search', '/review', '/verification', '/triage', '/disclosure']) assert.equal(await nav.locator(`a[href="${hidden}"]`).count(), 0, `${hidden} hidden from an admin`);
    await open(admin, '/galleries');
    await admin.getByTestId('galleries').waitFor();
    await check(admin, 'galleries');
    await open(admin, '/users');
    await admin.getByTestId('users').waitFor();
    await check(admin, 'users', ['admin']);
    await open(admin, '/agencies');
    await admin.getByTestId('agencies').waitFor();
    await check(admin, 'agencies');
    await open(admin, '/objections');
    await admin.getByTestId('objection').first().getByRole('button', { name: 'Reach and findings' }).click();
    await admin.getByTestId('reach').waitFor();
    await check(admin, 'objections');
    await open(admin, '/models');
    const defaultModel = admin.getByTestId('model').first();
    await defaultModel.getByTestId('model-thresholds').waitFor();
    assert.match(await settledText(defaultModel.getByTestId('model-galleries'), /Wanted persons/), /Wanted persons/, 'the gallery on the default model is named');
    const rows = await defaultModel.getByTestId('model-thresholds').locator('tbody tr').allInnerTexts();
    assert.ok(rows.some((r) => /^0\.0001\s+0\.\d{4}\s+\d+\.\d\d %$/.test(r.trim())), `FMR 10^-4 with its threshold and FNMR: ${rows.join(' | ')}`);
    const history = await defaultModel.getByTestId('model-calibrations').innerText();
    assert.match(history, /View 2[^\n]*8[,.]?090[^\n]*(active|aktiv)/, `the shipped LFW table listed as the active calibration: ${history}`);
    await check(admin, 'models');
  });

  test("the requester's auditor: statistics, chart, checkpoint and log with names", async () => {
    const anna = await as('Anna Auditor');
    // Statistics, log, agreements and notices all show agencies: their names are asked for once.
    const agencyLists: string[] = [];
    anna.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/agencies') agencyLists.push(r.url());
    });
    await open(anna, '/oversight');
    const stats = anna.getByTestId('statistics');
    await stats.getByText('Requesting agency').first().waitFor();
    await anna.getByTestId('log').waitFor();
    await anna.getByTestId('log').getByText('Requesting agency').first().waitFor();
    // Her own agency's users appear by name in the log, not as ids.
    await anna.getByTestId('log').getByText(/Rita Operator|Erik Examiner|Eva Examiner|Anna Auditor/).first().waitFor();
    await anna.getByTestId('agreements').getByText('Requesting agency').first().waitFor();
    assert.equal(agencyLists.length, 1, `one list of agencies for the page: ${agencyLists.join(' ')}`);
    await check(anna, 'oversight');
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(cast.problems, []);
  });
});
