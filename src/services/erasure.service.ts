// Erasure on request and by retention: destroy the subject's data key (crypto-shredding), remove its
// templates from the store and the index, keep a tombstone without personal data. Afterwards the
// index snapshots are rewritten and the store compacted, so the destroyed key, the ciphertexts and
// the templates are gone from the files on disk too (see docs/erasure.md).
import type { Actor, Gallery } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import type { Subject } from '../domain/workflow.ts';
import { notifyRecipients } from './recipient-notices.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface ErasureResult {
  subjectId: string;
  samplesRemoved: number;
  logIndex: number;
  /** Notices sent to the agencies that received the subject's data in step 2. */
  recipientNotices: string[];
}

export class ErasureService {
  constructor(private readonly deps: WorkflowDeps) {}

  async erase(actor: Actor, subjectId: string, reason: string): Promise<ErasureResult> {
    const subject = await this.deps.store.subjects.get(subjectId);
    const gallery = subject && (await this.deps.store.galleries.get(subject.galleryId));
    if (!subject || !gallery || gallery.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Subject ${subjectId}.`);
    authorize(actor, 'subject.erase', { type: 'gallery', agencyId: gallery.agencyId });
    if (subject.erasedAt) fail('ABG_ERR_SUBJECT_ERASED');
    if (!reason.trim()) fail('ABG_ERR_VALIDATION', 'A reason is required for an erasure.');
    const result = await this.eraseSubject(actor, gallery, subject, reason.trim());
    await this.purgeRemains([gallery]);
    return result;
  }

  /** Erases every subject whose retention period has passed, in the actor's agency. */
  async runRetention(actor: Actor): Promise<{ erased: ErasureResult[] }> {
    authorize(actor, 'retention.run', { type: 'gallery', agencyId: actor.agencyId });
    const erased: ErasureResult[] = [];
    const touched: Gallery[] = [];
    for (const g of await this.deps.store.galleries.listByAgency(actor.agencyId)) {
      const done = await this.retainGallery(actor, g);
      if (done.length > 0) touched.push(g);
      erased.push(...done);
    }
    await this.purgeRemains(touched);
    return { erased };
  }

  /** The scheduled job: every agency's galleries, acting as the system. */
  async runRetentionForAll(): Promise<number> {
    let n = 0;
    const touched: Gallery[] = [];
    for (const a of await this.deps.store.agencies.list()) {
      for (const g of await this.deps.store.galleries.listByAgency(a.id)) {
        const done = (await this.retainGallery(null, g)).length;
        if (done > 0) touched.push(g);
        n += done;
      }
    }
    await this.purgeRemains(touched);
    return n;
  }

  private async retainGallery(actor: Actor | null, g: Gallery): Promise<ErasureResult[]> {
    const before = new Date(this.deps.now().getTime() - g.retentionDays * 86_400_000).toISOString();
    const out: ErasureResult[] = [];
    for (const s of await this.deps.store.subjects.listExpired(g.id, before)) out.push(await this.eraseSubject(actor, g, s, `retention period of ${g.retentionDays} days expired`));
    return out;
  }

  private async eraseSubject(actor: Actor | null, gallery: Gallery, subject: Subject, reason: string): Promise<ErasureResult> {
    const now = this.deps.now().toISOString();
    const { removed, logIndex, notices } = await this.deps.store.transaction(async (tx) => {
      const removed = await tx.samples.deleteBySubject(subject.id);
      await tx.objections.deleteMatchesOfSamples(removed);
      for (const id of removed) await tx.indexChanges.append('remove', id, gallery.id, now);
      await tx.subjects.markErased(subject.id, now, reason);
      await tx.releases.restrictBySubject(subject.id, now);
      const logIndex = await this.deps.audit.append({
        action: 'erasure', actor, systemAgencyId: gallery.agencyId, galleries: [gallery.id], object: { type: 'subject', id: subject.id },
        decision: actor ? 'request' : 'retention', result: { counts: { samplesRemoved: removed.length } },
      }, tx);
      const notices = await notifyRecipients(this.deps, tx, { kind: 'erasure', actor, ownerAgencyId: gallery.agencyId, subjectId: subject.id, galleryId: gallery.id });
      return { removed, logIndex, notices };
    });
    await this.deps.index.sync();
    return { subjectId: subject.id, samplesRemoved: removed.length, logIndex, recipientNotices: notices.map((n) => n.id) };
  }

  /** Removes what the erasures in these galleries left in files: old index snapshots, the WAL, freed pages. */
  private async purgeRemains(galleries: Gallery[]): Promise<void> {
    if (galleries.length === 0) return;
    await this.deps.index.purgeSnapshots([...new Set(galleries.flatMap((g) => (g.modelId ? [g.modelId] : [])))]);
    await this.deps.store.compact();
  }
}
