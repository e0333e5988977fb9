import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApiDocument } from '../../scripts/gen-api.ts';
import { capabilitiesOf, offers } from './api/capabilities.ts';
import { workflowIds, workflowRoutes } from './workflow-routes.ts';

// workflows.ts imports the pages (browser code); read which ids have a page from its source.
const source = readFileSync(new URL('./workflows.ts', import.meta.url), 'utf8');
const withPage = workflowIds.filter((id) => new RegExp(`id: '${id}'.*page: \\w+`).test(source));

test('every workflow the current server offers has a page in the workbench', async () => {
  const caps = capabilitiesOf(await openApiDocument());
  assert.ok(caps.operations.has('POST /v1/galleries'), 'the foundation routes are read');
  const offered = workflowIds.filter((id) => offers(caps, workflowRoutes[id]));
  assert.ok(offered.length > 0);
  assert.deepEqual(offered.filter((id) => !withPage.includes(id)), [], 'offered by the server but without a page');
});

test('a workflow lights up when the server documents its routes', () => {
  const doc = (paths: string[]) => capabilitiesOf({ paths: Object.fromEntries(paths.map((p) => [p.split(' ')[1], { [p.split(' ')[0].toLowerCase()]: {} }])) });
  const lit = (id: (typeof workflowIds)[number], paths: string[]) => offers(doc(paths), workflowRoutes[id]);
  assert.equal(lit('search', ['POST /v1/searches']), true);
  assert.equal(lit('search', ['GET /v1/searches/{id}']), false, 'reading old searches is not submitting one');
  assert.equal(lit('review', ['POST /v1/hits/{id}/reviews']), true);
  assert.equal(lit('disclosure', ['GET /v1/disclosures']), true);
  assert.equal(lit('enrollment', ['POST /v1/galleries/{id}/enrollments']), true);
  assert.equal(lit('triage', ['POST /v1/triage']), true);
  assert.equal(lit('triage', ['GET /v1/galleries']), false);
  assert.equal(lit('oversight', ['GET /v1/log/statistics']), true);
  assert.equal(lit('oversight', ['GET /v1/galleries', 'POST /v1/galleries', 'GET /v1/logbook']), false);
});
