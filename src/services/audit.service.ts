// Use cases over the audit log: proofs and checkpoints for auditors, statistics in an auditor's
// scope, exports (themselves logged before they leave), retention. The public key is for anyone.
import type { Actor } from '../domain/entities.ts';
import { auditActions } from '../domain/log-entry.ts';
import { authorize } from '../domain/policy.ts';
import type { Store } from '../store/store.ts';
import type { AuditLedger, ConsistencyAnswer, InclusionAnswer, LogFilter, LogPage, NoticeCountRow, RefusalRow, SignedCheckpoint, StatisticsCheck, StatisticsQuery, StatisticsRow } from './ports/audit-ledger.ts';

export interface StatisticsRequest {
  /** The agency whose statistics are asked for; default: the actor's own (host auditors: all when "*"). */
  agency?: string;
  by?: 'year' | 'month';
  from?: string;
  to?: string;
}

const ALL = '*';

/** The role an entry records for an actor: the first of the roles that allowed the action. */
const roleFor = (actor: Actor, preferred: Actor['roles'][number]) => (actor.roles.includes(preferred) ? preferred : actor.roles[0]!);

export class AuditService {
  constructor(
    private readonly log: AuditLedger,
    private readonly now: () => Date = () => new Date(),
    /** Where the owner's galleries are read from; without it auditors see only their agency's own actions. */
    private readonly store?: Pick<Store, 'galleries'>,
  ) {}

  /** The log's origin and verifier key; public. */
  publicKey(): { origin: string; publicKey: string } {
    return { origin: this.log.origin, publicKey: this.log.publicKey };
  }

  /** The newest checkpoint, signed on demand when the log grew since the last one. */
  async checkpoint(actor: Actor): Promise<SignedCheckpoint> {
    authorize(actor, 'log.read', { type: 'agency', agencyId: actor.agencyId });
    const latest = await this.log.latestCheckpoint();
    if (latest && latest.size === (await this.log.size())) return latest;
    return this.log.checkpoint();
  }

  async inclusion(actor: Actor, index: number, size?: number): Promise<InclusionAnswer> {
    authorize(actor, 'log.read', { type: 'agency', agencyId: actor.agencyId });
    return this.log.inclusion(index, size);
  }

  async consistency(actor: Actor, from: number, to?: number): Promise<ConsistencyAnswer> {
    authorize(actor, 'log.read', { type: 'agency', agencyId: actor.agencyId });
    return this.log.consistency(from, to);
  }

  /**
   * Log entries, filtered and paged, newest first. Entries name users and cases, so auditors see
   * their own agency's actions and other agencies' actions about their galleries (without the
   * probe commitments); auditors of the host agency see every agency's.
   */
  async entries(actor: Actor, filter: LogFilter, page: { limit: number; offset: number }): Promise<LogPage> {
    // Without an agency: the actor's own, or every agency for host-agency auditors.
    const agency = filter.agency ?? (actor.hostAgency ? ALL : actor.agencyId);
    authorize(actor, 'stats.read', agency === ALL ? { type: 'installation' } : { type: 'agency', agencyId: agency });
    const { agency: _, scope: __, ...rest } = filter;
    if (agency === ALL) return this.log.query(rest, page);
    if (agency !== actor.agencyId) return this.log.query({ ...rest, agency }, page);
    return this.log.query({ ...rest, scope: { agency, galleries: await this.ownedGalleries(agency) } }, page);
  }

  /**
   * Statistics of one agency (default: the actor's) with other agencies' actions about its
   * galleries, or of all agencies for host-agency auditors ("*").
   */
  async statistics(actor: Actor, req: StatisticsRequest = {}): Promise<StatisticsRow[]> {
    return this.log.statistics(await this.statisticsQuery(actor, req));
  }

  /** Circulated notices per agency and year (default: the actor's agency; host auditors: all when "*"). */
  async noticeCounts(actor: Actor, req: Pick<StatisticsRequest, 'agency' | 'from' | 'to'> = {}): Promise<NoticeCountRow[]> {
    const agency = req.agency ?? actor.agencyId;
    authorize(actor, 'stats.read', agency === ALL ? { type: 'installation' } : { type: 'agency', agencyId: agency });
    return this.log.noticeCounts({ ...(agency === ALL ? {} : { agencies: [agency] }), ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}) });
  }

  /** The refusals behind the statistics, by action, outcome and error code, in the same scope. */
  async refusals(actor: Actor, req: StatisticsRequest = {}): Promise<RefusalRow[]> {
    return this.log.refusals(await this.statisticsQuery(actor, req));
  }

  /** Recounts the statistics counters of every agency from the log (auditors of the host agency). */
  async verifyStatistics(actor: Actor): Promise<StatisticsCheck> {
    authorize(actor, 'stats.read', { type: 'installation' });
    return this.log.verifyStatistics();
  }

  private async statisticsQuery(actor: Actor, req: StatisticsRequest): Promise<StatisticsQuery> {
    const agency = req.agency ?? actor.agencyId;
    // "*" (every agency) is the installation's scope: only host-agency auditors have it.
    authorize(actor, 'stats.read', agency === ALL ? { type: 'installation' } : { type: 'agency', agencyId: agency });
    return {
      ...(agency === ALL ? {} : { agencies: [agency], galleries: await this.ownedGalleries(agency) }),
      ...(req.by ? { by: req.by } : {}),
      ...(req.from ? { from: req.from } : {}),
      ...(req.to ? { to: req.to } : {}),
    };
  }

  /** The ids of the agency's galleries (deleted galleries' entries stay with their actors only). */
  private async ownedGalleries(agency: string): Promise<string[]> {
    return ((await this.store?.galleries.listByAgency(agency)) ?? []).map((g) => g.id);
  }

  /** The export as lines; the export is logged before its first line is produced. */
  async export(actor: Actor): Promise<AsyncGenerator<string>> {
    authorize(actor, 'log.export', { type: 'agency', agencyId: actor.agencyId });
    await this.log.append({
      actor: { user: actor.userId, agency: actor.agencyId, role: roleFor(actor, 'auditor') }, action: auditActions.export, outcome: 'ok', object: { type: 'log', id: this.log.origin },
    });
    return this.log.export(this.now());
  }

  /** Removes payloads older than `retentionDays`; returns how many. */
  async applyRetention(actor: Actor, retentionDays: number): Promise<number> {
    authorize(actor, 'log.retain', { type: 'installation' });
    return this.log.applyRetention(retentionDays, { user: actor.userId, agency: actor.agencyId, role: roleFor(actor, 'admin') });
  }

  /**
   * Stores a witness's cosignature on a checkpoint of this log (auditors: a supervisory
   * authority's witness runs with an auditor token). The log checks both signatures and the root.
   */
  async addCosignatures(actor: Actor, note: string, witnessKey: string): Promise<SignedCheckpoint> {
    authorize(actor, 'log.read', { type: 'agency', agencyId: actor.agencyId });
    return this.log.addCosignatures(note, witnessKey);
  }
}
