// Agreements: the owner's owner-officer decides who may search which galleries, for what, until when.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize, decide } from '../domain/policy.ts';
import type { Agreement } from '../domain/workflow.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface CreateAgreementInput {
  requesterAgencyId: string;
  galleryIds: string[];
  purposes: string[];
  validFrom?: string;
  validUntil: string;
  maxCandidates: number;
  showImages: boolean;
  reference: string;
}

export class AgreementService {
  constructor(private readonly deps: WorkflowDeps) {}

  async create(actor: Actor, input: CreateAgreementInput): Promise<{ agreement: Agreement; logIndex: number }> {
    authorize(actor, 'agreement.create', { type: 'exchange', ownerAgencyId: actor.agencyId, requesterAgencyId: input.requesterAgencyId });
    const { store } = this.deps;
    if (input.requesterAgencyId === actor.agencyId) fail('ABG_ERR_AGREEMENT_INVALID', 'An agency needs no agreement to search its own galleries.');
    if (!(await store.agencies.get(input.requesterAgencyId))) fail('ABG_ERR_NOT_FOUND', `Agency ${input.requesterAgencyId}.`);
    const galleryIds = [...new Set(input.galleryIds)];
    const purposes = [...new Set(input.purposes)];
    for (const id of galleryIds) {
      const g = await store.galleries.get(id);
      // Only galleries the owner holds can be shared: nothing obtained elsewhere can be passed on.
      if (!g || g.agencyId !== actor.agencyId) fail('ABG_ERR_AGREEMENT_INVALID', `Gallery ${id} is not a gallery of your agency.`);
      if (g.kind !== 'face') fail('ABG_ERR_AGREEMENT_INVALID', `Gallery ${g.name} is not a face gallery.`);
      const outside = purposes.filter((p) => !g.purposes.includes(p));
      if (outside.length > 0) fail('ABG_ERR_AGREEMENT_INVALID', `Gallery ${g.name} may not be searched for: ${outside.join(', ')}.`);
    }
    const now = this.deps.now();
    const validFrom = input.validFrom ?? now.toISOString();
    if (!(Date.parse(input.validUntil) > Date.parse(validFrom))) fail('ABG_ERR_AGREEMENT_INVALID', 'validUntil must be after validFrom.');
    const agreement: Agreement = {
      id: this.deps.newId(), ownerAgencyId: actor.agencyId, requesterAgencyId: input.requesterAgencyId, galleryIds, purposes,
      validFrom: new Date(validFrom).toISOString(), validUntil: new Date(input.validUntil).toISOString(), maxCandidates: input.maxCandidates,
      showImages: input.showImages, reference: input.reference, createdBy: actor.userId, createdAt: now.toISOString(), revokedAt: null, revokedBy: null,
    };
    const logIndex = await store.transaction(async (tx) => {
      await tx.agreements.insert(agreement);
      return this.deps.audit.append({ action: 'agreement.change', actor, galleries: galleryIds, object: { type: 'agreement', id: agreement.id }, decision: 'created', recipients: [agreement.requesterAgencyId] }, tx);
    });
    return { agreement, logIndex };
  }

  async list(actor: Actor): Promise<Agreement[]> {
    const all = await this.deps.store.agreements.listForAgency(actor.agencyId);
    return all.filter((a) => decide(actor, 'agreement.list', { type: 'exchange', ownerAgencyId: a.ownerAgencyId, requesterAgencyId: a.requesterAgencyId }).allow);
  }

  async get(actor: Actor, id: string): Promise<Agreement> {
    const a = await this.deps.store.agreements.get(id);
    if (!a || (a.ownerAgencyId !== actor.agencyId && a.requesterAgencyId !== actor.agencyId)) fail('ABG_ERR_NOT_FOUND', `Agreement ${id}.`);
    authorize(actor, 'agreement.list', { type: 'exchange', ownerAgencyId: a.ownerAgencyId, requesterAgencyId: a.requesterAgencyId });
    return a;
  }

  /** Revokes at once: every later search under it is refused. */
  async revoke(actor: Actor, id: string): Promise<{ agreement: Agreement; logIndex: number }> {
    const a = await this.get(actor, id);
    authorize(actor, 'agreement.revoke', { type: 'exchange', ownerAgencyId: a.ownerAgencyId, requesterAgencyId: a.requesterAgencyId });
    const at = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const revoked = (await tx.agreements.revoke(id, at, actor.userId)) ?? a;
      const logIndex = await this.deps.audit.append({ action: 'agreement.change', actor, galleries: a.galleryIds, object: { type: 'agreement', id }, decision: 'revoked', recipients: [a.requesterAgencyId] }, tx);
      return { agreement: revoked, logIndex };
    });
  }
}
