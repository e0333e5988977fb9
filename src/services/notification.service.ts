import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import type { Notification } from '../domain/workflow.ts';
import type { ServiceDeps } from './deps.ts';

export class NotificationService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor, unreadOnly: boolean): Promise<Notification[]> {
    authorize(actor, 'notification.read', { type: 'agency', agencyId: actor.agencyId });
    return this.deps.store.notifications.listForAgency(actor.agencyId, unreadOnly);
  }

  async markRead(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'notification.read', { type: 'agency', agencyId: actor.agencyId });
    const found = await this.deps.store.notifications.markRead(id, actor.agencyId, this.deps.now().toISOString());
    if (!found) fail('ABG_ERR_NOT_FOUND', `Notification ${id}.`);
  }
}
