// Blind two-person review in Chromium on LFW photos and the real face pipeline: the second
// examiner's page shows nothing of the first decision until the hit is concluded; a split goes to a
// third examiner; a candidate below the threshold needs a ticked acknowledgement. The server is
// `abgleich serve` over a fresh SQLite data directory on loopback; set-up goes through the public API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { browserMissing } from './browser.ts';
import { Cast, form, lfwAbsent, people, photo, purpose } from './cast.ts';

const missing = browserMissing();
const required = process.env.ABGLEICH_REQUIRE_BROWSER === '1';
if (missing && required) {
  test('blind review browser tests need Chromium (ABGLEICH_REQUIRE_BROWSER=1)', () => assert.fail(missing));
}

describe('blind two-person review in Chromium on LFW photos', { skip: missing && !required ? missing : lfwAbsent }, () => {
  let cast: Cast;
  /** The hit of the right person (above the threshold) and one below the threshold. */
  const hits = { above: '', below: '' };
  const as = (name: string) => cast.as(name);

  /** Opens a hit's review page (the session survives the reload in this tab). */
  async function openHit(page: Page, hit: string) {
    await page.goto(`${cast.server.url}/review?hit=${encodeURIComponent(hit)}`);
    await page.getByTestId('hit-state').waitFor();
  }

  before(async () => {
    if (webBuildIsStale()) buildWeb();
    cast = await Cast.start();
    const { galleryId: gallery } = await cast.exchange([['Rita Operator', ['operator']], ['Erik Examiner', ['examiner']], ['Eva Examiner', ['examiner']], ['Ida Examiner', ['examiner']]]);
    for (const [i, person] of people.entries()) {
      await cast.call(cast.tokens['Olga Operator']!, 'POST', `/v1/galleries/${gallery}/enrollments`, form({ source: 'custody photos', subjectRef: `R-${i}` }, 'image', photo(person, 0)));
    }
    const fields = { purpose, caseRef: '2026-K-0815', authorisationRef: 'AG-2026-77', mode: 'investigation', topK: '4' };
    const found = await cast.call(cast.tokens['Rita Operator']!, 'POST', '/v1/searches', form(fields, 'probe', photo(people[0]!, 1)));
    const candidates = found.galleries[0].candidates as { hitId: string; aboveThreshold: boolean }[];
    hits.above = candidates.find((c) => c.aboveThreshold)?.hitId ?? '';
    hits.below = candidates.find((c) => !c.aboveThreshold)?.hitId ?? '';
    assert.ok(hits.above && hits.below, `one candidate above and others below the threshold: ${JSON.stringify(candidates)}`);
  });
  after(async () => {
    await cast?.close();
  });

  const firstNote = 'ERIK-NOTE: same ear shape and hairline';

  test("the second examiner's page shows how many decided, not the first decision or note; both once the hit is concluded", async () => {
    const erik = await as('Erik Examiner');
    await openHit(erik, hits.above);
    await erik.getByLabel('Note (required)').fill(firstNote);
    await erik.getByRole('button', { name: 'Match', exact: true }).click();
    await erik.getByText('A second, different examiner decides next.').waitFor();
    assert.match(await erik.getByTestId('decisions').innerText(), /match \(you\) — ERIK-NOTE/);

    const eva = await as('Eva Examiner');
    await openHit(eva, hits.above);
    assert.equal(await eva.getByTestId('hit-state').innerText(), 'pending');
    assert.equal(await eva.getByTestId('reviews-in').innerText(), '1/2');
    await eva.getByTestId('blind-notice').waitFor();
    assert.equal(await eva.getByTestId('decisions').count(), 0, 'no decision list before Eva decides');
    const before = await eva.locator('main, body').first().innerText();
    assert.doesNotMatch(before, /ERIK-NOTE|Erik|\(you\)/, 'nothing of the first review on the page');
    // The list of hits says as little.
    await eva.goto(`${cast.server.url}/review`);
    const table = eva.getByTestId('hits');
    await table.getByRole('row').filter({ hasText: '1/2' }).waitFor();
    assert.doesNotMatch(await table.innerText(), /ERIK-NOTE|Erik/);

    await openHit(eva, hits.above);
    await eva.getByLabel('Note (required)').fill('EVA-NOTE: independent check, consistent features');
    await eva.getByRole('button', { name: 'Match', exact: true }).click();
    await eva.getByTestId('hit-state').filter({ hasText: 'confirmed' }).waitFor();
    const decisions = await eva.getByTestId('decisions').innerText();
    assert.match(decisions, /match — ERIK-NOTE: same ear shape and hairline/);
    assert.match(decisions, /match \(you\) — EVA-NOTE/);
    await erik.reload();
    await erik.getByTestId('hit-state').filter({ hasText: 'confirmed' }).waitFor();
    assert.match(await erik.getByTestId('decisions').innerText(), /EVA-NOTE/);
  });

  test('below the threshold a match needs the ticked acknowledgement; a split goes to a third examiner, still blind, whose decision concludes the hit', async () => {
    const erik = await as('Erik Examiner');
    await openHit(erik, hits.below);
    const warning = erik.getByTestId('below-threshold');
    await warning.waitFor();
    assert.match(await warning.innerText(), /Below the gallery’s threshold/);
    await erik.getByLabel('Note (required)').fill('ERIK-2: looks alike');
    const match = erik.getByRole('button', { name: 'Match', exact: true });
    assert.equal(await match.isDisabled(), true, 'no match without the acknowledgement');
    await warning.getByRole('checkbox').check();
    await match.click();
    await erik.getByTestId('decisions').filter({ hasText: 'below threshold, acknowledged' }).waitFor();

    const eva = await as('Eva Examiner');
    await openHit(eva, hits.below);
    assert.equal(await eva.getByTestId('decisions').count(), 0);
    await eva.getByLabel('Note (required)').fill('EVA-2: a different person');
    await eva.getByRole('button', { name: 'No match', exact: true }).click();
    await eva.getByText('The examiners disagree. A third, different examiner decides next').waitFor();
    assert.doesNotMatch(await eva.getByTestId('decisions').innerText(), /ERIK-2/);

    const ida = await as('Ida Examiner');
    await openHit(ida, hits.below);
    await ida.getByText('Your decision as a third examiner concludes the hit.').waitFor();
    assert.equal(await ida.getByTestId('reviews-in').innerText(), '2/2');
    assert.doesNotMatch(await ida.locator('body').innerText(), /ERIK-2|EVA-2/);
    await ida.getByLabel('Note (required)').fill('IDA-2: tie-break, chin and nose differ');
    await ida.getByRole('button', { name: 'No match', exact: true }).click();
    await ida.getByTestId('hit-state').filter({ hasText: 'rejected' }).waitFor();
    const all = await ida.getByTestId('decisions').innerText();
    for (const note of [/match \(below threshold, acknowledged\) — ERIK-2/, /no-match — EVA-2/, /no-match \(you\) \(tie-break\) — IDA-2/]) assert.match(all, note);
  });

  test("the requester's admin sets in the agency form what settles a split", async () => {
    const admin = await as('requester admin');
    await admin.getByRole('link', { name: 'Agencies' }).click();
    const row = admin.getByTestId('agencies').getByRole('row', { name: /Requesting agency/ });
    await row.filter({ hasText: 'a third examiner decides' }).waitFor();
    await admin.getByRole('button', { name: 'Edit agency Requesting agency' }).click();
    await admin.locator('tr.expanded').getByLabel('When two examiners disagree').selectOption('inconclusive');
    await admin.locator('tr.expanded').getByRole('button', { name: 'Save' }).click();
    await row.filter({ hasText: 'the hit is inconclusive' }).waitFor();
    const me = await cast.call(cast.tokens['requester admin']!, 'GET', '/v1/me');
    assert.equal((await cast.call(cast.tokens['requester admin']!, 'GET', `/v1/agencies/${me.agencyId}`)).onDisagreement, 'inconclusive');
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(cast.problems, []);
  });
});
