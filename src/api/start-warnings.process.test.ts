// A real `abgleich serve` process, started as an operator would and given some work: nothing it
// writes to stderr may be a Node warning (a DeprecationWarning from Fastify or any other library).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultModelId } from '../signals/face/models.ts';
import { form, lfwAbsent, people, photo, purpose } from '../../web/e2e/cast.ts';
import { startServer } from '../../web/e2e/server.ts';

const notAnImage = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('this is not an image') };

test('a started and used server prints no deprecation or other Node warning', { timeout: 3 * 60_000 }, async () => {
  const server = await startServer();
  try {
    const auth = { authorization: `Bearer ${server.adminToken}` };
    for (const path of ['/health', '/docs/json']) assert.equal((await fetch(server.url + path)).status, 200, path);
    const created = await fetch(`${server.url}/v1/galleries`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Wanted persons', kind: 'face', legalBasis: 'Police act s. 42', purposes: [purpose], retentionDays: 3650, modelId: defaultModelId(), thresholdFmr: 1e-3, requiredFpir: 0.05 }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const gallery = ((await created.json()) as { id: string }).id;
    // A real photo makes the server load its face models; without the photos a refused upload still parses a multipart body.
    const image = lfwAbsent ? notAnImage : photo(people[0]!, 0);
    const enrolled = await fetch(`${server.url}/v1/galleries/${gallery}/enrollments`, { method: 'POST', headers: auth, body: form({ source: 'custody photo', subjectRef: 'p1' }, 'image', image) });
    assert.equal(enrolled.status, 200, await enrolled.text());
  } finally {
    await server.stop();
  }
  const warnings = server.stderr().split('\n').filter((line) => /DeprecationWarning|FastifyDeprecation|^\(node:\d+\)/.test(line));
  assert.deepEqual(warnings, [], server.stderr());
});
