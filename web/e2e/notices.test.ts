// The notices page in Chromium against `abgleich serve` with LFW photos: the owner's operator drafts
// a notice from an upload, its officer approves it, the requesting agency's officer declines it with
// a reason, and the issuer reads the decline.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWeb, webBuildIsStale } from '../../scripts/web-build.mjs';
import { browserMissing, serverWork } from './browser.ts';
import { Cast, lfwAbsent, people, photo, purpose } from './cast.ts';

const missing = browserMissing();

describe('circulated notices in the workbench', { skip: missing && process.env.ABGLEICH_REQUIRE_BROWSER !== '1' ? missing : lfwAbsent }, () => {
  let cast: Cast;
  before(async () => {
    if (webBuildIsStale()) buildWeb();
    cast = await Cast.start();
    await cast.exchange([['Rhea Officer', ['owner-officer']]]);
  });
  after(async () => {
    await cast?.close();
  });

  test('draft from an upload, approve, decline with a reason; the issuer reads the answer', async () => {
    const olga = await cast.as('Olga Operator');
    await olga.getByRole('navigation', { name: 'Main navigation' }).locator('a[href="/notices"]').click();
    await olga.getByLabel('Face image').setInputFiles(photo(people[0]!, 1));
    await olga.getByLabel('Purpose').fill(purpose);
    await olga.getByLabel('Legal basis').fill('StPO §131a');
    await olga.getByLabel('Case reference').fill('2026-U-0001');
    await olga.getByLabel('Description (no personal data)').fill('Unknown man, detained without papers');
    await olga.getByLabel(/^Recipients/).fill('Requesting agency');
    await olga.getByRole('button', { name: 'Draft notice' }).click();
    const issued = olga.getByTestId('notices-issued');
    await issued.getByText('2026-U-0001').waitFor(serverWork);
    assert.equal(await issued.getByRole('button', { name: 'Approve' }).count(), 0, 'an operator does not approve');

    const otto = await cast.as('Otto Officer');
    await otto.getByRole('navigation', { name: 'Main navigation' }).locator('a[href="/notices"]').click();
    await otto.getByTestId('notices-issued').getByRole('button', { name: 'Approve' }).click();
    await otto.getByTestId('notices-issued').locator('li[data-state=circulated]').waitFor();

    const rhea = await cast.as('Rhea Officer');
    await rhea.getByRole('navigation', { name: 'Main navigation' }).locator('a[href="/notices"]').click();
    const inbox = rhea.getByTestId('notices-inbox');
    await inbox.getByText('Unknown man, detained without papers').waitFor();
    await inbox.getByLabel('Reason for declining').fill('Not an offence under our law');
    await inbox.getByRole('button', { name: 'Decline' }).click();
    await inbox.locator('li[data-state=declined]').waitFor();

    await olga.reload();
    await olga.getByTestId('notices-issued').getByText('declined (Not an offence under our law)').waitFor();
    assert.deepEqual(cast.problems, []);
  });
});
