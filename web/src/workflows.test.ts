import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApiDocument } from '../../scripts/gen-api.ts';
import { capabilitiesOf, offers } from './api/capabilities.ts';
import { workflows } from './workflows.ts';

const workflow = (id: string) => workflows.find((w) => w.id === id)!;

test('on the current server no workflow page claims to be available', async () => {
  const caps = capabilitiesOf(await openApiDocument());
  assert.ok(caps.operations.has('POST /v1/galleries'), 'the foundation routes are read');
  const lit = workflows.filter((w) => w.page && offers(caps, w.routes)).map((w) => w.id);
  // A workflow whose routes landed but that has no page yet is shown as "no page yet", not hidden.
  const landedWithoutPage = workflows.filter((w) => !w.page && offers(caps, w.routes)).map((w) => w.id);
  assert.deepEqual({ lit, landedWithoutPage }, { lit: [], landedWithoutPage: [] });
});

test('a workflow lights up when the server documents its routes', () => {
  const doc = (paths: string[]) => capabilitiesOf({ paths: Object.fromEntries(paths.map((p) => [p.split(' ')[1], { [p.split(' ')[0].toLowerCase()]: {} }])) });
  assert.equal(offers(doc(['POST /v1/searches']), workflow('search').routes), true);
  assert.equal(offers(doc(['GET /v1/searches/{id}']), workflow('search').routes), false, 'reading old searches is not submitting one');
  assert.equal(offers(doc(['POST /v1/hits/{id}/decisions']), workflow('review').routes), true);
  assert.equal(offers(doc(['POST /v1/disclosures']), workflow('disclosure').routes), true);
  assert.equal(offers(doc(['POST /v1/galleries/{id}/samples']), workflow('enrollment').routes), true);
  assert.equal(offers(doc(['POST /v1/triage']), workflow('triage').routes), true);
  assert.equal(offers(doc(['GET /v1/statistics']), workflow('oversight').routes), true);
  assert.equal(offers(doc(['GET /v1/galleries', 'POST /v1/galleries', 'GET /v1/logbook']), workflow('oversight').routes), false);
});
