// A deterministic synthetic workload of log entries (searches, reviews, disclosures, …) for
// tests and benchmarks. Seeded, so a failing run can be repeated exactly.
import type { LogEntryInput } from '../audit/entry.ts';
import { auditActions as A } from '../audit/entry.ts';

/** The same seeded PRNG the index benchmarks use; statistical quality is irrelevant here. */
import { rng as seededRandom } from './synthetic-vectors.ts';

export { seededRandom };

export const workloadAgencies = ['bka', 'lka-by', 'fedpol', 'politie', 'gendarmerie'];
export const workloadGalleries = ['g-bka-ed', 'g-bka-wanted', 'g-lka-ed', 'g-fedpol', 'g-politie', 'g-gend-1', 'g-gend-2'];
export const workloadPurposes = ['criminal-investigation', 'missing-person', 'identity-check'];

/** About `actions` entries with times spread over 2024-01-01 … 2026-06-30, in time order. */
export function syntheticWorkload(actions: number, seed = 1): LogEntryInput[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const start = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2026, 5, 30) - start;
  const out: LogEntryInput[] = [];
  let t = start;
  const step = span / actions;
  const at = () => {
    t += Math.floor(rnd() * step * 2) + 1;
    return new Date(Math.min(t, start + span)).toISOString();
  };
  const actorOf = (agency: string, role: 'operator' | 'examiner' | 'owner-officer' | 'admin') => ({ user: `${agency}-${role}-${Math.floor(rnd() * 4)}`, agency, role });
  let n = 0;
  while (out.length < actions) {
    const agency = pick(workloadAgencies);
    const purpose = pick(workloadPurposes);
    const caseRef = `case-${++n}`;
    const r = rnd();
    if (r < 0.55) {
      const galleries = workloadGalleries.filter(() => rnd() < 0.35);
      const probe = Math.floor(rnd() * 2 ** 32).toString(16).padStart(8, '0').repeat(8);
      const base = { actor: actorOf(agency, 'operator'), purpose, caseRef, authorisationRef: `auth-${n}`, galleries, probes: [probe] };
      out.push({ ...base, action: A.searchStart, outcome: 'ok', time: at() });
      const byGallery: Record<string, Record<string, number>> = {};
      let hits = 0;
      for (const g of galleries) {
        const candidates = Math.floor(rnd() * 11);
        const potentialHits = Math.min(candidates, rnd() < 0.3 ? 1 + Math.floor(rnd() * 2) : 0);
        byGallery[g] = { candidates, potentialHits };
        hits += potentialHits;
        for (let h = 0; h < potentialHits; h++) {
          // Each potential hit gets two reviews and a conclusion; some lead to disclosure.
          const decision = rnd() < 0.6 ? 'confirmed' : 'rejected';
          const object = { type: 'hit', id: `hit-${n}-${g}-${h}` };
          const reviews = [{ reviewer: `${agency}-examiner-1`, decision }, { reviewer: `${agency}-examiner-2`, decision }];
          for (const rv of reviews) out.push({ actor: { user: rv.reviewer, agency, role: 'examiner' }, action: A.reviewDecision, outcome: 'ok', purpose, caseRef, galleries: [g], object, decision, time: at() });
          out.push({ actor: actorOf(agency, 'examiner'), action: A.hitConcluded, outcome: 'ok', purpose, caseRef, galleries: [g], object, decision, reviews, time: at() });
          if (decision === 'confirmed' && rnd() < 0.7) {
            const req = { type: 'disclosure', id: `disc-${n}-${g}-${h}` };
            out.push({ actor: actorOf(agency, 'operator'), action: A.disclosureRequest, outcome: 'ok', purpose, caseRef, galleries: [g], object: req, time: at() });
            const approved = rnd() < 0.75;
            out.push({
              actor: actorOf(pick(workloadAgencies), 'owner-officer'), action: A.disclosureDecision, outcome: 'ok', purpose, caseRef, galleries: [g], object: req,
              decision: approved ? 'approved' : 'denied', ...(approved ? { recipients: [agency] } : {}), time: at(),
            });
          }
        }
      }
      out.push({ ...base, action: A.searchEnd, outcome: galleries.length ? 'ok' : 'denied', ...(galleries.length ? {} : { reason: 'ABG_ERR_FORBIDDEN' }), result: { counts: { potentialHits: hits }, byGallery }, time: at() });
    } else if (r < 0.75) {
      const g = pick(workloadGalleries);
      out.push({ actor: actorOf(agency, 'operator'), action: A.verification, outcome: 'ok', purpose, caseRef, galleries: [g], object: { type: 'subject', id: `s-${n}` }, decision: rnd() < 0.5 ? 'match' : 'no-match', time: at() });
    } else if (r < 0.85) {
      out.push({ actor: actorOf(agency, 'operator'), action: A.enrollment, outcome: 'ok', purpose, galleries: [pick(workloadGalleries)], result: { counts: { samples: 1 + Math.floor(rnd() * 3) } }, time: at() });
    } else if (r < 0.93) {
      out.push({ actor: actorOf(agency, 'admin'), action: A.erasure, outcome: 'ok', purpose, galleries: [pick(workloadGalleries)], object: { type: 'subject', id: `s-${n}` }, result: { counts: { samples: 1 } }, time: at() });
    } else {
      out.push({ actor: actorOf(agency, 'operator'), action: A.login, outcome: rnd() < 0.9 ? 'ok' : 'denied', time: at() });
    }
  }
  return out.slice(0, actions);
}
