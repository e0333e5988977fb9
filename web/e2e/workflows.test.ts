// The story in Chromium on real LFW photos and the real face pipeline: enroll, search,
// two-person review with the landmarks overlay, disclosure, notifications, verification, erasure,
// statistics, chart and a log entry's proof checked in the browser. The server is `abgleich serve`
// over a fresh SQLite data directory on loopback. Users and the agreement are set up through the
// public API; every workflow step is done in the browser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { browserMissing, serverWork } from './browser.ts';
import { Cast, lfwAbsent, people, photo, purpose } from './cast.ts';

const missing = browserMissing();
const required = process.env.ABGLEICH_REQUIRE_BROWSER === '1';
const shotsDir = process.env.ABGLEICH_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : undefined;

if (missing && required) {
  test('workflow browser tests need Chromium (ABGLEICH_REQUIRE_BROWSER=1)', () => assert.fail(missing));
}

describe('workflows in Chromium on LFW photos: enroll, search, review, disclose, verify, erase, statistics, proofs', { skip: missing && !required ? missing : lfwAbsent }, () => {
  let cast: Cast;
  const as = (name: string) => cast.as(name);

  const nav = (page: Page, name: RegExp) => page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name });
  const shot = async (page: Page, name: string) => {
    if (shotsDir) await page.screenshot({ path: `${shotsDir}${name}.png` });
  };

  before(async () => {
    if (webBuildIsStale()) buildWeb();
    if (shotsDir) mkdirSync(shotsDir, { recursive: true });
    cast = await Cast.start();
    await cast.exchange([['Rita Operator', ['operator']], ['Erik Examiner', ['examiner']], ['Eva Examiner', ['examiner']], ['Anna Auditor', ['auditor']], ['Rolf Officer', ['owner-officer']]]);
    await cast.user(cast.server.adminToken, 'Oscar Auditor', ['auditor']);
  });
  after(async () => {
    await cast?.close();
  });

  let olga: Page;
  test('the owner enrolls four LFW photos and sees a result per file', async () => {
    const page = (olga = await as('Olga Operator'));
    await nav(page, /^Enrollment/).click();
    await page.getByLabel('Source (provenance)').fill('custody photos 2026');
    const files = people.map((p) => photo(p, 0));
    await page.getByLabel('Images to enroll').setInputFiles(files);
    await page.getByRole('button', { name: 'Enroll 4 file(s)' }).click();
    const results = page.getByTestId('enroll-results');
    await results.getByRole('row', { name: new RegExp(files[3]!.name.replace('.', '\\.')) }).waitFor(serverWork);
    assert.equal((await results.innerText()).match(/enrolled/g)?.length, 4, await results.innerText());
    await shot(page, 'enrollment');
  });

  let searchPage: Page;
  test("the requester's operator searches with another photo and gets the right person at rank 1 above the threshold", async () => {
    searchPage = await as('Rita Operator');
    await nav(searchPage, /^Search/).click();
    await searchPage.getByLabel('Probe image').setInputFiles(photo(people[0]!, 1));
    await searchPage.getByLabel('Purpose', { exact: true }).fill(purpose);
    const shared = searchPage.getByTestId('search-gallery').filter({ hasText: 'Wanted persons' });
    assert.match(await shared.innerText(), /shared by .+ · criminal-investigation · up to 5 candidates · agreement until \d/, 'the partner gallery is offered with the agreement’s limits');
    await searchPage.getByLabel('Case reference').fill('2026-K-0815');
    await searchPage.getByLabel('Authorisation reference').fill('AG-2026-77');
    await searchPage.getByLabel('Mode').selectOption('identification');
    await searchPage.getByRole('button', { name: 'Search', exact: true }).click();
    const result = searchPage.getByTestId('search-result');
    const refused = searchPage.getByRole('alert');
    await result.or(refused).waitFor(serverWork);
    if (await refused.count()) assert.fail(await refused.innerText());
    assert.match(await result.innerText(), /Wanted persons/);
    const first = result.getByRole('row').nth(1);
    assert.match(await first.innerText(), /^1\s+\d\.\d{3}\s+\d\.\de-\d+\s+yes/);
    assert.equal(await result.getByRole('row').count(), 2, 'one candidate above the threshold among four people');
    await result.scrollIntoViewIfNeeded();
    await shot(searchPage, 'search');
  });

  test('two different examiners decide; the hit is confirmed only after the second', async () => {
    const erik = await as('Erik Examiner');
    await nav(erik, /^Review/).click();
    await erik.getByTestId('hits').getByRole('link', { name: 'Review' }).first().click();
    assert.equal(await erik.getByTestId('hit-state').innerText(), 'pending');
    await erik.getByRole('img', { name: 'Gallery image' }).waitFor(serverWork);
    await erik.getByLabel('Landmarks').check();
    for (const id of ['probe-overlay', 'candidate-overlay']) {
      const overlay = erik.getByTestId(id);
      await overlay.waitFor(serverWork);
      assert.equal(await overlay.locator('circle').count(), 7, `${id}: seven landmarks`);
    }
    await shot(erik, 'review');
    await erik.getByLabel('Note (required)').fill('Same ear shape and hairline; no discrepancies.');
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
    const facts = await request.innerText();
    for (const fact of [/Requesting agency\s+Requesting agency/, /2026-K-0815/, /identity needed for the arrest warrant/, /Score\s+\d\.\d{3} · FMR \d\.\de-\d+ · above the gallery threshold/, /Match — Same ear shape and hairline/, /Match — Independent check/]) assert.match(facts, fact);
    await request.getByLabel('Note (required)').fill('Covered by Treaty 2026/1, art. 4.');
    await request.getByRole('button', { name: 'Approve' }).click();
    const decided = otto.getByTestId('disclosure').filter({ hasText: '2026-K-0815' });
    await decided.getByTestId('disclosure-state').filter({ hasText: 'approved' }).waitFor();
    assert.doesNotMatch(await decided.innerText(), /for your decision/);
    assert.match(await decided.innerText(), /decided/);
    assert.equal(await decided.getByRole('button', { name: 'Approve' }).count(), 0);

    await nav(searchPage, /^Disclosure/).click();
    await searchPage.getByRole('button', { name: 'Show the released core data' }).click();
    const core = searchPage.getByTestId('core-data');
    await core.waitFor();
    assert.match(await core.innerText(), new RegExp(`Subject: ${photo(people[0]!, 0).name.replace('.jpg', '')}`));
    assert.match(await core.innerText(), /onward transfer is prohibited/);
    await shot(searchPage, 'disclosure');
  });

  test('the requester verifies the disclosed person 1:1 from the approved disclosure, without its subject id', async () => {
    await searchPage.getByRole('link', { name: 'Verify this subject (1:1)' }).click();
    assert.equal(await searchPage.getByLabel('Verify against').inputValue(), 'disclosure');
    assert.equal(await searchPage.getByLabel('Case reference').inputValue(), '2026-K-0815');
    await searchPage.getByLabel('Probe image').setInputFiles(photo(people[0]!, 1));
    await searchPage.getByLabel('Purpose', { exact: true }).fill(purpose);
    await searchPage.getByLabel('Authorisation reference').fill('AG-2026-77');
    await searchPage.getByRole('button', { name: 'Verify', exact: true }).click();
    const result = searchPage.getByTestId('verify-result').or(searchPage.getByRole('alert'));
    await result.waitFor(serverWork);
    assert.match(await result.innerText(), /Result: match/);
  });

  test('the owner sees the provenance of a sample and corrects its source', async () => {
    await nav(olga, /^Subjects/).click();
    const ref2 = photo(people[2]!, 0).name.replace('.jpg', '');
    await olga.getByRole('button', { name: `Provenance of the samples of ${ref2}` }).click();
    const provenance = olga.getByTestId('provenance');
    await provenance.getByRole('cell', { name: 'custody photos 2026' }).waitFor();
    await provenance.getByRole('button', { name: /^Correct the provenance of sample/ }).click();
    await provenance.getByLabel('Source', { exact: true }).fill('custody photos 2026, station 4');
    await provenance.getByRole('button', { name: 'Save' }).click();
    await provenance.getByRole('status').filter({ hasText: /Provenance corrected: source \(log entry \d+\)/ }).waitFor();
    await provenance.getByRole('cell', { name: 'custody photos 2026, station 4' }).waitFor();
  });

  test("the owner's officer sees the confirmed hit and the disclosure among the notifications", async () => {
    const otto = await as('Otto Officer');
    await nav(otto, /^Notifications/).click();
    const list = otto.getByTestId('notifications');
    await list.getByText('A hit in your gallery was confirmed').waitFor();
    await list.getByText('Requesting agency').first().waitFor();
    await shot(otto, 'notifications');
    await list.getByRole('button', { name: 'Mark read' }).first().click();
    await otto.getByLabel('unread only').check();
    await otto.waitForFunction(() => document.querySelectorAll('[data-testid=notifications] > li').length <= 1);
  });

  test("the owner's officer sees the agreements on the oversight page, not refusals for the log that only auditors read", async () => {
    const otto = await as('Otto Officer');
    await nav(otto, /^Oversight/).click();
    await otto.getByRole('heading', { name: 'Agreements' }).waitFor();
    await otto.getByText('The log, its statistics and checkpoints are for auditors.').waitFor();
    assert.equal(await otto.getByRole('alert').count(), 0, 'no refusal box');
  });

  test('the owner verifies a photo 1:1 against a subject, then erases another after confirming', async () => {
    await nav(olga, /^Subjects/).click();
    const table = olga.getByTestId('subjects');
    const ref = (i: number) => photo(people[i]!, 0).name.replace('.jpg', '');
    await table.getByRole('row', { name: new RegExp(ref(1)) }).getByRole('link', { name: 'Verify' }).click();
    await olga.getByLabel('Probe image').setInputFiles(photo(people[1]!, 1));
    await olga.getByLabel('Purpose', { exact: true }).fill(purpose);
    await olga.getByLabel('Case reference').fill('2026-V-1');
    await olga.getByLabel('Authorisation reference').fill('AG-2026-78');
    await olga.getByRole('button', { name: 'Verify', exact: true }).click();
    const result = olga.getByTestId('verify-result').or(olga.getByRole('alert'));
    await result.waitFor(serverWork);
    assert.match(await result.innerText(), /Result: match/);
    await shot(olga, 'verification');

    await nav(olga, /^Subjects/).click();
    await table.getByRole('button', { name: `Erase subject ${ref(3)}` }).click();
    const dialog = olga.getByRole('dialog');
    await dialog.getByLabel('Reason (required)').fill('Court order 2026/99');
    await shot(olga, 'subjects-erase');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await olga.getByRole('status').filter({ hasText: `Subject ${ref(3)} erased` }).waitFor();
    // The list reloads after the confirmation appears: wait for the row to go, then check it stays gone.
    await table.getByRole('row', { name: new RegExp(ref(3)) }).waitFor({ state: 'detached', ...serverWork });
    assert.equal(await table.getByRole('row', { name: new RegExp(ref(3)) }).count(), 0, 'erased subjects are hidden by default');
    await olga.getByLabel('show erased').check();
    await table.getByRole('row', { name: new RegExp(`${ref(3)}.*erased: Court order`) }).waitFor();
    assert.match(await table.innerText(), /kept, \d+ days left/);
    await shot(olga, 'subjects');
  });

  test("the requester's auditor sees the statistics move", async () => {
    const anna = await as('Anna Auditor');
    await nav(anna, /^Oversight/).click();
    const stats = anna.getByTestId('statistics');
    await stats.waitFor();
    // Agency names arrive in a second request; the table shows ids until then.
    await stats.getByText('Requesting agency').first().waitFor();
    // The searched gallery belongs to the owner; its name arrives from the agreement, not its id.
    await stats.getByText('Wanted persons').first().waitFor();
    const text = await stats.innerText();
    assert.match(text, /Requesting agency\s+Wanted persons\s+criminal-investigation\s+\d{4}/);
    const header = (await stats.locator('thead th').allTextContents()).map((h) => h.trim().replace(/ (\w)/g, (_, c: string) => c.toUpperCase()));
    const row = (await stats.locator('tbody tr').first().locator('td').allInnerTexts()).map((c) => c.trim());
    const col = (name: string) => Number(row[header.indexOf(name)]);
    assert.equal(col('searches'), 1, text);
    assert.equal(col('confirmedHits'), 1, text);
    await anna.getByTestId('checkpoint').waitFor();
    const chart = anna.getByTestId('stats-chart');
    await chart.locator('rect').first().waitFor();
    await chart.getByLabel('Measure').selectOption('confirmedHits');
    await chart.locator('.legend').getByText('Requesting agency').waitFor();
    await shot(anna, 'oversight');

    // The log: filter to the review decisions, then check one entry's proof in the browser.
    const log = anna.getByTestId('log');
    await log.waitFor();
    await anna.getByRole('form', { name: 'Log filters' }).getByLabel('Action').fill('review.decision');
    await anna.getByRole('button', { name: 'Filter' }).click();
    await anna.getByText(/^2 entries match/).waitFor();
    const entry = log.locator('tbody tr').first();
    await entry.getByRole('button', { name: /^Verify entry/ }).click();
    await entry.getByText(/verified in checkpoint \d+/).waitFor();
    await log.scrollIntoViewIfNeeded();
    await shot(anna, 'log-proof');
  });

  test("erasing the disclosed subject reaches the requester: its core data are gone, its officer acknowledges, the oversight pages show the open notice until then", async () => {
    const ref0 = photo(people[0]!, 0).name.replace('.jpg', '');
    await nav(olga, /^Subjects/).click();
    await olga.getByLabel('show erased').uncheck();
    await olga.getByTestId('subjects').getByRole('button', { name: `Erase subject ${ref0}` }).click();
    await olga.getByRole('dialog').getByLabel('Reason (required)').fill('Erasure request of the data subject');
    await olga.getByRole('dialog').getByRole('button', { name: 'Erase for good' }).click();
    await olga.getByRole('status').filter({ hasText: `Subject ${ref0} erased` }).waitFor();

    const oscar = await as('Oscar Auditor');
    await nav(oscar, /^Oversight/).click();
    const sent = oscar.getByTestId('recipient-notices');
    await sent.getByRole('row', { name: /Erasure\s+sent to Requesting agency.*awaiting acknowledgement/ }).waitFor();
    assert.equal(await sent.getByRole('button', { name: 'Acknowledge' }).count(), 0, 'the owner does not acknowledge its own notice');

    await searchPage.reload();
    await nav(searchPage, /^Disclosure/).click();
    await searchPage.getByRole('button', { name: 'Show the released core data' }).click();
    await searchPage.locator('[role=alert][data-code=ABG_ERR_SUBJECT_ERASED]').waitFor();
    assert.equal(await searchPage.getByTestId('core-data').count(), 0);

    const rolf = await as('Rolf Officer');
    await nav(rolf, /^Notifications/).click();
    await rolf.getByTestId('notifications').getByText('A subject your agency received was erased by its owner').waitFor();
    const received = rolf.getByTestId('recipient-notices');
    const row = received.getByRole('row', { name: /Erasure\s+received from/ });
    await row.getByText('awaiting acknowledgement').waitFor();
    await shot(rolf, 'recipient-notices');
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await row.getByText(/^acknowledged /).waitFor();

    await oscar.reload();
    await oscar.getByRole('heading', { name: 'Open erasure and restriction notices' }).waitFor();
    await oscar.getByText('No notices.').waitFor();
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(cast.problems, []);
  });
});
