import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness } from '../testing/api-harness.ts';
import { fail } from '../domain/errors.ts';
import type { LogEntry } from '../domain/log-entry.ts';
import type { Actor } from '../domain/entities.ts';
import { logRefusals, refusalOutcome } from './refusal-log.ts';
import { refusalRules } from './refusal-rules.ts';

test('every composed service is wrapped by its refusal table, method by method', async () => {
  const h = await apiHarness();
  try {
    const services = h.services as unknown as Record<string, object>;
    const composed = Object.keys(services).filter((k) => !['deps', 'auth', 'models'].includes(k));
    assert.deepEqual(composed.filter((k) => !(k in refusalRules)), [], 'a service without a refusal table');
    for (const [key, table] of Object.entries(refusalRules)) {
      for (const [method, rule] of Object.entries(table)) {
        if ('unlogged' in rule) continue;
        assert.ok(Object.hasOwn(services[key]!, method), `${key}.${method} is not wrapped`);
      }
    }
  } finally {
    await h.close();
  }
});

test('a refusal appends one entry after the failed call; calls inside a wrapped call, validation errors and other errors append none', async () => {
  const h = await apiHarness();
  try {
    const log = h.runtime.auditLog;
    const actor: Actor = await h.services.auth.authenticate(h.adminToken);
    class Probe {
      async outer(_a: Actor, id: string) {
        return this.inner(_a, id);
      }
      async inner(_a: Actor, id: string): Promise<never> {
        fail('ABG_ERR_FORBIDDEN', id);
      }
      async malformed(_a: Actor): Promise<never> {
        fail('ABG_ERR_VALIDATION');
      }
      async broken(_a: Actor): Promise<never> {
        throw new Error('not a coded error');
      }
    }
    const svc = logRefusals(new Probe(), {
      outer: { action: 'probe.outer', facts: ([id]) => ({ object: { type: 'thing', id }, caseRef: 'C'.repeat(2000) }) },
      inner: { action: 'probe.inner' },
      malformed: { action: 'probe.malformed' },
      broken: { action: 'probe.broken' },
    }, h.services.deps as never);
    const since = async (from: number) => {
      const out: LogEntry[] = [];
      for (let i = from, n = await log.size(); i < n; i++) out.push((await log.entry(i)).entry!);
      return out;
    };
    let before = await log.size();
    await assert.rejects(svc.outer(actor, 'x-1'), { code: 'ABG_ERR_FORBIDDEN' });
    const [only, ...more] = await since(before);
    assert.deepEqual(more, []);
    assert.deepEqual([only!.action, only!.outcome, only!.reason, only!.object, only!.actor.user, only!.caseRef?.length], ['probe.outer', 'denied', 'ABG_ERR_FORBIDDEN', { type: 'thing', id: 'x-1' }, actor.userId, 1000]);
    before = await log.size();
    await assert.rejects(svc.malformed(actor), { code: 'ABG_ERR_VALIDATION' });
    await assert.rejects(svc.broken(actor), /not a coded error/);
    assert.equal(await log.size(), before);
    assert.equal(refusalOutcome('ABG_ERR_NO_FACE'), 'failed');
    assert.equal(refusalOutcome('ABG_ERR_NO_AGREEMENT'), 'denied');
  } finally {
    await h.close();
  }
});
