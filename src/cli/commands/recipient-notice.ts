// Erasure and restriction notices between owners and the recipients of step-2 data (LED Art. 16(6)).
import type { Command } from 'commander';
import { actorCommand } from './with-actor.ts';

export function registerRecipientNoticeCommands(program: Command) {
  const notice = program.command('recipient-notice').description('erasure and restriction notices your agency sent or received');
  actorCommand(
    notice.command('list').description('notices sent (as owner, with their acknowledgement) and received').option('--open', 'only those not yet acknowledged'),
    (s, a, o) => s.recipientNotices.list(a, Boolean(o.open)),
    ['id', 'kind', 'direction', 'ownerAgencyId', 'recipientAgencyId', 'caseRefs', 'createdAt', 'acknowledgedAt', 'liftedAt'],
  );
  actorCommand(notice.command('acknowledge <id>').description("acknowledge a notice your agency received (owner-officers, admins)"), (s, a, _o, id: string) => s.recipientNotices.acknowledge(a, id), []);
}
