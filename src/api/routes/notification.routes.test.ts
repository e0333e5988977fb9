// Notifications belong to one agency: another agency cannot mark them read, and an unknown id is 404.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, type ApiHarness } from '../../testing/api-harness.ts';
import { pgSkipReason } from '../../testing/pg-harness.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
describe(`notifications on ${dialect}`, { skip: dialect === 'postgres' ? pgSkipReason() : false }, () => {
  let h: ApiHarness;
  let otherAdmin: string;
  before(async () => {
    h = await apiHarness({}, { dialect });
    otherAdmin = (await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' })).json.admin.token;
  });
  after(async () => { await h.close(); });

  async function notification(id: string): Promise<void> {
    await h.services.deps.store.notifications.insert({ id, agencyId: h.hostAgencyId, kind: 'hit.confirmed', payload: { hitId: 'h1' }, createdAt: '2026-03-01T10:00:00.000Z', readAt: null });
  }
  const unread = async () => (await h.call('GET', '/v1/notifications?unread=true', h.adminToken)).json.notifications.map((n: { id: string }) => n.id);

  test("marking another agency's notification read is 404 and leaves it unread", async () => {
    await notification('n-foreign');
    const r = await h.call('POST', '/v1/notifications/n-foreign/read', otherAdmin);
    assert.equal(r.status, 404, JSON.stringify(r.json));
    assert.equal(r.json.error.code, 'ABG_ERR_NOT_FOUND');
    assert.ok((await unread()).includes('n-foreign'));
  });

  test('marking an unknown notification read is 404', async () => {
    const r = await h.call('POST', '/v1/notifications/no-such-id/read', h.adminToken);
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'ABG_ERR_NOT_FOUND');
  });

  test('marking your own notification read is 204, and again 204 with the first read time kept', async () => {
    await notification('n-own');
    assert.equal((await h.call('POST', '/v1/notifications/n-own/read', h.adminToken)).status, 204);
    assert.ok(!(await unread()).includes('n-own'));
    const readAt = () => h.call('GET', '/v1/notifications', h.adminToken).then((r) => r.json.notifications.find((n: { id: string }) => n.id === 'n-own').readAt);
    const first = await readAt();
    assert.ok(first);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal((await h.call('POST', '/v1/notifications/n-own/read', h.adminToken)).status, 204);
    assert.equal(await readAt(), first);
  });
});
}
