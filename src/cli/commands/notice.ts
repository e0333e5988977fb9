// Circulated notices about unknown persons through the HTTP API: draft, approve, withdraw, inbox,
// accept or decline, and step 2 for a confirmed hit. Each acts as the user of the token.
import type { Command } from 'commander';
import { readInputFile } from '../files.ts';
import { asForm } from '../client/multipart.ts';
import { agencyRef, galleryRefs } from '../resolve.ts';
import { commaList } from './common-flags.ts';
import { apiCommand } from './with-server.ts';

/** A date or time for the API: a plain date is that day at 00:00 UTC. */
const isoTime = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v);

export function registerNoticeCommands(program: Command) {
  const notice = program.command('notice').description('circulated notices about unknown persons: other agencies search them under their own authority');
  apiCommand(
    notice.command('issue <image>').description('draft a notice from a face image (operators); another owner-officer approves it')
      .requiredOption('--purpose <p>', 'purpose, e.g. criminal-investigation').requiredOption('--legal-basis <text>', 'the legal basis of the circulation')
      .requiredOption('--case <ref>', 'your case reference').requiredOption('--description <text>', 'what recipients need to decide; no personal data')
      .requiredOption('--recipients <list>', 'comma-separated agencies (names or ids), or "all" (every agency accepting notices for the purpose)')
      .requiredOption('--valid-until <date>', 'when the notice expires (within a year)')
      .option('--triage <run:seq>', 'the face comes from file <seq> of triage run <run> (the seized file itself)')
      .option('--search <id>', 'the face is the probe of your search <id> that found no hit'),
    async (api, o, image: string) => {
      const recipients = o.recipients === 'all' ? 'all' : (await Promise.all(commaList(o.recipients).map((r) => agencyRef(api, r)))).join(',');
      const [triageRunId, seq] = o.triage ? String(o.triage).split(':') : [undefined, undefined];
      return api.call(api.client.POST('/v1/notices', asForm({
        purpose: o.purpose, legalBasis: o.legalBasis, caseRef: o.case, description: o.description, recipients, validUntil: isoTime(o.validUntil),
        source: o.triage ? 'triage' : o.search ? 'search' : 'upload', triageRunId, seq, searchId: o.search,
      }, [{ field: 'probe', name: image, bytes: readInputFile(image) }])));
    },
    [],
  );
  apiCommand(notice.command('list').description('notices your agency issued, with each recipient’s answer'),
    async (api) => (await api.call(api.client.GET('/v1/notices'))).notices.map((n) => ({ ...n, recipients: n.recipients.map((r) => `${r.agencyName}: ${r.answer ?? r.state}`).join('; ') })),
    ['id', 'state', 'purpose', 'caseRef', 'validUntil', 'recipients']);
  apiCommand(notice.command('inbox').description('notices circulated to your agency'),
    async (api) => (await api.call(api.client.GET('/v1/notices/inbox'))).notices,
    ['id', 'issuerAgencyName', 'state', 'myState', 'purpose', 'caseRef', 'validUntil', 'description']);
  apiCommand(notice.command('show <id>').description('one notice as your agency may see it'), (api, _o, id: string) => api.call(api.client.GET('/v1/notices/{id}', { params: { path: { id } } })), []);
  apiCommand(notice.command('approve <id>').description('approve a draft another user created (owner-officers): it circulates'),
    (api, _o, id: string) => api.call(api.client.POST('/v1/notices/{id}/approve', { params: { path: { id } } })), []);
  apiCommand(notice.command('withdraw <id>').description('withdraw a notice: its probe and templates are destroyed at every recipient'),
    (api, _o, id: string) => api.call(api.client.POST('/v1/notices/{id}/withdraw', { params: { path: { id } } })), []);
  apiCommand(notice.command('accept <id>').description('accept a received notice for your galleries (owner-officers): searched now and on every later enrollment')
    .requiredOption('--galleries <list>', 'comma-separated galleries of your agency (names or ids)'),
  async (api, o, id: string) => api.call(api.client.POST('/v1/notices/{id}/accept', { params: { path: { id } }, body: { galleryIds: await galleryRefs(api, commaList(o.galleries)) } })), []);
  apiCommand(notice.command('decline <id>').description('decline a received notice (owner-officers)').requiredOption('--reason <text>', 'why; the issuer reads it'),
    (api, o, id: string) => api.call(api.client.POST('/v1/notices/{id}/decline', { params: { path: { id } }, body: { reason: o.reason } })), []);
  apiCommand(notice.command('request-disclosure <id> <reference>').description('step 2 for a confirmed hit of your notice: the recipient’s owner-officer decides')
    .requiredOption('--justification <text>', 'why you need the core data'),
  (api, o, id: string, reference: string) => api.call(api.client.POST('/v1/notices/{id}/disclosure-requests', { params: { path: { id } }, body: { reference, justification: o.justification } })), []);
  apiCommand(notice.command('accept-purposes [purposes]').description('show, or set (comma-separated; "" for none), the purposes for which your agency accepts notices sent to all'),
    async (api, _o, purposes: string | undefined) => purposes === undefined
      ? api.call(api.client.GET('/v1/notices/settings'))
      : api.call(api.client.POST('/v1/notices/settings', { body: { purposes: commaList(purposes) } })), []);
}
