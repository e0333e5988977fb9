import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateApiTypes, schemaFile } from '../../../scripts/gen-api.ts';

test('the committed API types match the OpenAPI document of the current sources', async () => {
  const committed = readFileSync(schemaFile, 'utf8');
  const current = await generateApiTypes();
  assert.ok(committed === current, 'web/src/api/schema.d.ts is stale: run `npm run gen:api` and commit the result');
});
