// Erasure and restriction notices between owners and the recipients of step-2 data (LED Art. 16(6)).
import type { Command } from 'commander';
import { agencies, namesOf } from '../resolve.ts';
import { apiCommand } from './with-server.ts';

export function registerRecipientNoticeCommands(program: Command) {
  const notice = program.command('recipient-notice').description('erasure and restriction notices your agency sent or received');
  apiCommand(
    notice.command('list').description('notices sent (as owner, with their acknowledgement) and received').option('--open', 'only those not yet acknowledged'),
    async (api, o) => (await api.call(api.client.GET('/v1/recipient-notices', { params: { query: o.open ? { open: 'true' } : {} } }))).notices,
    ['id', 'kind', 'direction', 'owner', 'recipient', 'caseRefs', 'createdAt', 'acknowledgedAt', 'liftedAt'],
    async (api, rows) => {
      const agency = await namesOf(agencies(api));
      return rows.map((r) => ({ ...r, owner: agency(r.ownerAgencyId as string), recipient: agency(r.recipientAgencyId as string) }));
    },
  );
  apiCommand(notice.command('acknowledge <id>').description("acknowledge a notice your agency received (owner-officers, admins)"), (api, _o, id: string) => api.call(api.client.POST('/v1/recipient-notices/{id}/acknowledge', { params: { path: { id } } })), []);
}
