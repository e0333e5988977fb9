// A face gallery of the fake engine's model with one custody photo per person, and an operator's token.
import assert from 'node:assert/strict';
import type { ApiHarness } from './api-harness.ts';
import { fakeImage, fakeModelId } from './fake-face-engine.ts';

/** Creates the gallery (settings in `gallery` override the defaults) and enrolls every person through the API. */
export async function enrolledFaceGallery(h: ApiHarness, people: readonly string[], purpose: string, gallery: Record<string, unknown> = {}): Promise<{ gallery: string; operator: string }> {
  const g = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Mugshots', kind: 'face', legalBasis: 'BKAG §16', purposes: [purpose], retentionDays: 3650, modelId: fakeModelId, ...gallery });
  assert.equal(g.status, 201, JSON.stringify(g.json));
  const u = await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] });
  const operator = (await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: 'op' })).json.token as string;
  const files = people.map((p) => ({ field: 'image', name: `${p}.jpg`, data: fakeImage({ face: p }) }));
  const manifest = Object.fromEntries(people.map((p) => [`${p}.jpg`, { subjectRef: p }]));
  const r = await h.upload(`/v1/galleries/${g.json.id}/enrollments`, operator, { source: 'custody photo', manifest: JSON.stringify(manifest) }, files);
  assert.equal(r.json.enrolled, people.length, JSON.stringify(r.json));
  return { gallery: g.json.id, operator };
}
