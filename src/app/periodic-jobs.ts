// The periodic jobs of a serving process: signed checkpoints, retention (expired subjects, then log
// payloads), the expiry of circulated notices, and taking over re-embeddings a stopped replica left.
// Replicas on one PostgreSQL database each schedule them, and each round runs on one replica at a
// time (the store's job lock); checkpoints are only issued past the last stored one.
import { scheduleCheckpoints } from '../audit/audit-log.ts';
import type { Runtime } from './runtime.ts';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const REEMBED_PICKUP_MS = 60_000;

export interface JobLog {
  info(o: object, m: string): void;
  error(o: object, m: string): void;
}

/** Starts checkpoints every `checkpointMinutes` and retention now and daily; returns a function that stops both. */
export function startPeriodicJobs(rt: Runtime, log: JobLog): () => void {
  const { store } = rt.services.deps;
  const stopCheckpoints = scheduleCheckpoints(rt.auditLog, rt.config.checkpointMinutes * 60_000, (e) => log.error({ err: e }, 'checkpoint failed'), (round) => store.exclusive('checkpoint', round));
  const retention = async () => {
    try {
      await store.exclusive('retention', async () => {
        const n = await rt.services.erasure.runRetentionForAll();
        if (n > 0) log.info({ erased: n }, 'retention: expired subjects erased');
        // Log entries older than the log's retention lose their payload; their hashes stay, so the log still verifies.
        const redacted = await rt.auditLog.applyRetention(rt.config.logRetentionDays);
        if (redacted > 0) log.info({ redacted }, 'log retention: payloads removed');
      });
    } catch (e) {
      log.error({ err: e }, 'retention run failed');
    }
  };
  // Circulated notices past their validity end within the hour; their probes are destroyed.
  const expiry = async () => {
    try {
      await store.exclusive('notice-expiry', async () => {
        const n = await rt.services.personNotices.expireAll();
        if (n > 0) log.info({ expired: n }, 'notices: expired notices ended and their probes destroyed');
      });
    } catch (e) {
      log.error({ err: e }, 'notice expiry failed');
    }
  };
  // A re-embedding whose replica stopped is taken over by another one within the minute.
  const reembeds = async () => {
    try {
      await rt.services.reembeds.resume();
    } catch (e) {
      log.error({ err: e }, 'resuming re-embeddings failed');
    }
  };
  void retention();
  void expiry();
  const timers = [setInterval(() => void retention(), DAY_MS), setInterval(() => void expiry(), HOUR_MS), setInterval(() => void reembeds(), REEMBED_PICKUP_MS)];
  for (const t of timers) t.unref();
  return () => {
    stopCheckpoints();
    for (const t of timers) clearInterval(t);
  };
}
