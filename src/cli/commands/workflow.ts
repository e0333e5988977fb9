// Search-only workflow commands through the HTTP API: agreements, search, verification, review,
// disclosure, erasure and retention. Each acts as the user of the token.
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { reviewDecisions, type ReviewDecision } from '../../domain/workflow.ts';
import { readInputFile } from '../files.ts';
import { asForm } from '../client/multipart.ts';
import { agencies, agencyRef, galleryRef, galleryRefs, knownGalleries, namesOf, ownGalleries, searchableGalleryRefs } from '../resolve.ts';
import { commaList } from './common-flags.ts';
import { apiCommand } from './with-server.ts';

const flatProvenance = (samples: { id: string; provenance: object; createdAt: string }[]) => samples.map((x) => ({ id: x.id, ...x.provenance, createdAt: x.createdAt }));

/** A date or time for the API: a plain date is that day at 00:00 UTC, as the service read it before; anything else goes as given. */
const isoTime = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v);

export function registerWorkflowCommands(program: Command) {
  const agreement = program.command('agreement').description('agreements that let other agencies search your galleries');
  apiCommand(agreement.command('list').description('agreements your agency is party to'), async (api) => (await api.call(api.client.GET('/v1/agreements'))).agreements, ['id', 'owner', 'requester', 'galleries', 'purposes', 'validUntil', 'revokedAt'],
    async (api, rows) => {
      const [agency, gallery] = await Promise.all([namesOf(agencies(api)), namesOf(ownGalleries(api))]);
      return rows.map((r) => ({ ...r, owner: agency(r.ownerAgencyId as string), requester: agency(r.requesterAgencyId as string), galleries: (r.galleryIds as string[]).map(gallery) }));
    });
  apiCommand(
    agreement.command('create').description('let an agency search galleries for purposes until a date (owner-officers)')
      .requiredOption('--requester <agency>', 'the agency allowed to search (name or id)').requiredOption('--galleries <list>', 'comma-separated galleries of your agency (names or ids)')
      .requiredOption('--purposes <list>', 'comma-separated purposes the requester may search for, e.g. criminal-investigation')
      .requiredOption('--until <iso-date>', 'last day the agreement is valid').option('--from <iso-date>', 'first day it is valid; default today').option('--max-candidates <n>', 'default 10', '10')
      .option('--show-images', "let the requester's examiners see gallery images").requiredOption('--reference <text>', 'the legal instrument'),
    async (api, o) => api.call(api.client.POST('/v1/agreements', { body: {
      requesterAgencyId: await agencyRef(api, o.requester), galleryIds: await galleryRefs(api, commaList(o.galleries)), purposes: commaList(o.purposes), validUntil: isoTime(o.until),
      ...(o.from ? { validFrom: isoTime(o.from) } : {}), maxCandidates: Number(o.maxCandidates), showImages: Boolean(o.showImages), reference: o.reference,
    } })),
    [],
  );
  apiCommand(agreement.command('revoke <id>').description('revoke at once'), (api, _o, id: string) => api.call(api.client.POST('/v1/agreements/{id}/revoke', { params: { path: { id } } })), []);

  apiCommand(
    program.command('search <probe>').description('1:N search (step 1): opaque candidates per gallery')
      .requiredOption('--purpose <p>', 'why you search (logged), one of the galleries\' purposes').requiredOption('--case <ref>', 'case reference (logged)')
      .requiredOption('--authorisation <ref>', 'reference of the order or approval that allows the search (logged)')
      .option('--galleries <list>', 'comma-separated galleries (names or ids); default every gallery you may search')
      .option('--mode <identification|investigation>', 'default identification', 'identification').option('--top <k>', 'candidates per gallery; default the agreement\'s limit'),
    async (api, o, probe: string) => {
      if (o.mode !== 'identification' && o.mode !== 'investigation') fail('ABG_ERR_VALIDATION', '--mode must be identification or investigation.');
      const bytes = readInputFile(probe);
      const galleryIds = o.galleries ? await searchableGalleryRefs(api, commaList(o.galleries)) : undefined;
      return api.call(api.client.POST('/v1/searches', asForm(
        { purpose: o.purpose, caseRef: o.case, authorisationRef: o.authorisation, galleryIds: galleryIds?.join(','), mode: o.mode, topK: o.top },
        [{ field: 'probe', name: probe, bytes }],
      )));
    },
    [],
  );
  apiCommand(
    program.command('verify <probe> [subjectId]').description('1:1 verification against a subject you may see, or the one an approved disclosure released (--disclosure)')
      .option('--disclosure <id>', "instead of subjectId: an approved disclosure your agency requested")
      .requiredOption('--purpose <p>', 'why you verify (logged)').requiredOption('--case <ref>', 'case reference (logged)')
      .requiredOption('--authorisation <ref>', 'reference of the order or approval that allows it (logged)'),
    (api, o, probe: string, subjectId: string | undefined) => api.call(api.client.POST('/v1/verifications', asForm(
      { subjectId, disclosureId: o.disclosure, purpose: o.purpose, caseRef: o.case, authorisationRef: o.authorisation },
      [{ field: 'probe', name: probe, bytes: readInputFile(probe) }],
    ))),
    [],
  );

  const hit = program.command('hit').description('potential hits and their blind two-person review');
  apiCommand(
    hit.command('list').description("your agency's potential hits (while pending: how many reviews are in, and only your own)").option('--state <s>', 'only hits in this state, e.g. pending, confirmed, rejected'),
    async (api, o) => (await api.call(api.client.GET('/v1/hits', { params: { query: o.state ? { state: o.state } : {} } }))).hits,
    ['hitId', 'gallery', 'score', 'fmrAtScore', 'aboveThreshold', 'state', 'reviewsIn', 'awaitingTieBreak', 'caseRef'],
    async (api, rows) => {
      const gallery = await namesOf(knownGalleries(api));
      return rows.map((r) => ({ ...r, gallery: gallery(r.galleryId as string) }));
    },
  );
  apiCommand(hit.command('show <id>').description('one hit with its candidates and reviews'), (api, _o, id: string) => api.call(api.client.GET('/v1/hits/{id}', { params: { path: { id } } })), []);
  apiCommand(
    hit.command('decide <id> <decision>').description(`decide as examiner: ${reviewDecisions.join(' | ')}`).requiredOption('--note <text>', 'what you compared and why you decided so (logged)')
      .option('--acknowledge-below-threshold', "confirm a match although the score is below the gallery's threshold (recorded)"),
    (api, o, id: string, decision: string) => {
      if (!(reviewDecisions as readonly string[]).includes(decision)) fail('ABG_ERR_VALIDATION', `decision must be one of ${reviewDecisions.join(', ')}.`);
      return api.call(api.client.POST('/v1/hits/{id}/reviews', { params: { path: { id } }, body: { decision: decision as ReviewDecision, note: o.note, acknowledgeBelowThreshold: o.acknowledgeBelowThreshold === true } }));
    },
    [],
  );

  const disclosure = program.command('disclosure').description('step 2: core data of confirmed hits');
  apiCommand(disclosure.command('list').description('disclosure requests your agency made or must decide'), async (api) => (await api.call(api.client.GET('/v1/disclosures'))).disclosures, ['id', 'hitId', 'state', 'caseRef', 'createdAt']);
  apiCommand(disclosure.command('request <hitId>').description("ask the gallery owner's officer for the core data of a confirmed hit").requiredOption('--justification <text>', 'why the case needs the identity (shown to the deciding officer, logged)'), (api, o, hitId: string) => api.call(api.client.POST('/v1/hits/{id}/disclosures', { params: { path: { id: hitId } }, body: { justification: o.justification } })), []);
  apiCommand(
    disclosure.command('decide <id> <approve|deny>').description('decide a disclosure request as owner-officer').requiredOption('--note <text>', 'the reason for the decision (logged)'),
    (api, o, id: string, d: string) => {
      if (d !== 'approve' && d !== 'deny') fail('ABG_ERR_VALIDATION', 'Say approve or deny.');
      return api.call(api.client.POST('/v1/disclosures/{id}/decision', { params: { path: { id } }, body: { approve: d === 'approve', note: o.note } }));
    },
    [],
  );
  apiCommand(disclosure.command('core-data <id>').description('the core data an approved disclosure released').requiredOption('--case <ref>', 'case reference (logged)'), (api, o, id: string) => api.call(api.client.GET('/v1/disclosures/{id}/core-data', { params: { path: { id }, query: { caseRef: o.case } } })), []);

  const subject = program.command('subject').description('subjects of your galleries');
  apiCommand(subject.command('list <gallery>').description('subjects of a gallery (name or id)').option('--limit <n>', 'subjects per page', '100').option('--offset <n>', 'subjects to skip', '0'), async (api, o, g: string) => (await api.call(api.client.GET('/v1/galleries/{id}/subjects', { params: { path: { id: await galleryRef(api, g) }, query: { limit: Number(o.limit), offset: Number(o.offset) } } }))).subjects, ['id', 'ref', 'hasCoreData', 'createdAt']);
  apiCommand(subject.command('samples <id>').description("the subject's samples with their provenance"), async (api, _o, id: string) => flatProvenance((await api.call(api.client.GET('/v1/subjects/{id}/samples', { params: { path: { id } } }))).samples), ['id', 'source', 'captureDate', 'legalBasis', 'createdAt']);
  apiCommand(
    program.command('sample').description('samples of your subjects').command('provenance <id>').description("correct a sample's provenance; logged with the names of the changed fields")
      .option('--source <text>', 'provenance of the image').option('--capture-date <date>', 'ISO date; "" clears it').option('--legal-basis <text>', 'the law under which it is kept'),
    (api, o, id: string) => {
      if (o.source === undefined && o.captureDate === undefined && o.legalBasis === undefined) fail('ABG_ERR_VALIDATION', 'Give --source, --capture-date or --legal-basis.');
      const body = { ...(o.source !== undefined ? { source: String(o.source) } : {}), ...(o.captureDate !== undefined ? { captureDate: String(o.captureDate) } : {}), ...(o.legalBasis !== undefined ? { legalBasis: String(o.legalBasis) } : {}) };
      return api.call(api.client.PATCH('/v1/samples/{id}/provenance', { params: { path: { id } }, body }));
    },
    [],
  );
  apiCommand(subject.command('erase <id>').description('erase now (crypto-shredding); keeps a tombstone').requiredOption('--reason <text>', 'why it is erased (logged)'), (api, o, id: string) => api.call(api.client.DELETE('/v1/subjects/{id}', { params: { path: { id } }, body: { reason: o.reason } })), []);
  apiCommand(program.command('retention').description("erase subjects whose retention period expired in your agency's galleries (admins)").command('run'), async (api) => api.call(api.client.POST('/v1/retention/run')), []);
}
