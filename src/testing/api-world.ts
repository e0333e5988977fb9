// The shared state of one test file's (or describe block's) HTTP tests, built once.
import { after, before } from 'node:test';
import { apiHarness, type ApiHarness } from './api-harness.ts';

/**
 * A harness opened before the tests, with what `setUp` builds on it, and closed after them; the
 * returned object holds `h` and setUp's fields from the first test on.
 */
export function apiWorld<W extends object>(setUp: (h: ApiHarness) => Promise<W>, ...harness: Parameters<typeof apiHarness>): { h: ApiHarness } & W {
  const world = {} as { h: ApiHarness } & W;
  before(async () => {
    world.h = await apiHarness(...harness);
    Object.assign(world, await setUp(world.h));
  });
  after(async () => {
    await world.h?.close();
  });
  return world;
}
