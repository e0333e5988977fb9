// Search-only workflow commands over the services: agreements, search, verification, review,
// disclosure, erasure and retention. Each acts as the user of --token.
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { reviewDecisions, type ReviewDecision } from '../../domain/workflow.ts';
import { readInputFile } from '../files.ts';
import { agencyRef, galleryRef, galleryRefs, namesOf } from '../resolve.ts';
import { commaList } from './common-flags.ts';
import { actorCommand } from './with-actor.ts';

const flatProvenance = (samples: { id: string; provenance: object; createdAt: string }[]) => samples.map((x) => ({ id: x.id, ...x.provenance, createdAt: x.createdAt }));

export function registerWorkflowCommands(program: Command) {
  const agreement = program.command('agreement').description('agreements that let other agencies search your galleries');
  actorCommand(agreement.command('list').description('agreements your agency is party to'), (s, a) => s.agreements.list(a), ['id', 'owner', 'requester', 'galleries', 'purposes', 'validUntil', 'revokedAt'],
    async (s, a, rows) => {
      const [agency, gallery] = await Promise.all([namesOf(() => s.agencies.list(a)), namesOf(() => s.galleries.list(a))]);
      return rows.map((r) => ({ ...r, owner: agency(r.ownerAgencyId as string), requester: agency(r.requesterAgencyId as string), galleries: (r.galleryIds as string[]).map(gallery) }));
    });
  actorCommand(
    agreement.command('create').description('let an agency search galleries for purposes until a date (owner-officers)')
      .requiredOption('--requester <agency>', 'the agency allowed to search (name or id)').requiredOption('--galleries <list>', 'comma-separated galleries of your agency (names or ids)')
      .requiredOption('--purposes <list>', 'comma-separated purposes the requester may search for, e.g. criminal-investigation')
      .requiredOption('--until <iso-date>', 'last day the agreement is valid').option('--from <iso-date>', 'first day it is valid; default today').option('--max-candidates <n>', 'default 10', '10')
      .option('--show-images', "let the requester's examiners see gallery images").requiredOption('--reference <text>', 'the legal instrument'),
    async (s, a, o) => s.agreements.create(a, {
      requesterAgencyId: await agencyRef(s, a, o.requester), galleryIds: await galleryRefs(s, a, commaList(o.galleries)), purposes: commaList(o.purposes), validUntil: o.until,
      ...(o.from ? { validFrom: o.from } : {}), maxCandidates: Number(o.maxCandidates), showImages: Boolean(o.showImages), reference: o.reference,
    }),
    [],
  );
  actorCommand(agreement.command('revoke <id>').description('revoke at once'), (s, a, _o, id: string) => s.agreements.revoke(a, id), []);

  actorCommand(
    program.command('search <probe>').description('1:N search (step 1): opaque candidates per gallery')
      .requiredOption('--purpose <p>', 'why you search (logged), one of the galleries\' purposes').requiredOption('--case <ref>', 'case reference (logged)')
      .requiredOption('--authorisation <ref>', 'reference of the order or approval that allows the search (logged)')
      .option('--galleries <list>', 'comma-separated galleries (names or ids); default every gallery you may search')
      .option('--mode <identification|investigation>', 'default identification', 'identification').option('--top <k>', 'candidates per gallery; default the agreement\'s limit'),
    async (s, a, o, probe: string) => {
      if (o.mode !== 'identification' && o.mode !== 'investigation') fail('ABG_ERR_VALIDATION', '--mode must be identification or investigation.');
      const bytes = readInputFile(probe);
      const galleryIds = o.galleries ? await galleryRefs(s, a, commaList(o.galleries)) : undefined;
      return s.searches.search(a, {
        probe: bytes, purpose: o.purpose, caseRef: o.case, authorisationRef: o.authorisation,
        ...(galleryIds ? { galleryIds } : {}), mode: o.mode, ...(o.top ? { topK: Number(o.top) } : {}),
      });
    },
    [],
  );
  actorCommand(
    program.command('verify <probe> [subjectId]').description('1:1 verification against a subject you may see, or the one an approved disclosure released (--disclosure)')
      .option('--disclosure <id>', "instead of subjectId: an approved disclosure your agency requested")
      .requiredOption('--purpose <p>', 'why you verify (logged)').requiredOption('--case <ref>', 'case reference (logged)')
      .requiredOption('--authorisation <ref>', 'reference of the order or approval that allows it (logged)'),
    (s, a, o, probe: string, subjectId: string | undefined) => s.verification.verify(a, {
      probe: readInputFile(probe), subjectId, disclosureId: o.disclosure, purpose: o.purpose, caseRef: o.case, authorisationRef: o.authorisation,
    }),
    [],
  );

  const hit = program.command('hit').description('potential hits and their blind two-person review');
  actorCommand(
    hit.command('list').description("your agency's potential hits (while pending: how many reviews are in, and only your own)").option('--state <s>', 'only hits in this state, e.g. pending, confirmed, rejected'),
    (s, a, o) => s.reviews.list(a, o.state),
    ['hitId', 'gallery', 'score', 'fmrAtScore', 'aboveThreshold', 'state', 'reviewsIn', 'awaitingTieBreak', 'caseRef'],
    async (s, a, rows) => {
      const gallery = await namesOf(() => s.galleries.list(a));
      return rows.map((r) => ({ ...r, gallery: gallery(r.galleryId as string) }));
    },
  );
  actorCommand(hit.command('show <id>').description('one hit with its candidates and reviews'), (s, a, _o, id: string) => s.reviews.get(a, id), []);
  actorCommand(
    hit.command('decide <id> <decision>').description(`decide as examiner: ${reviewDecisions.join(' | ')}`).requiredOption('--note <text>', 'what you compared and why you decided so (logged)')
      .option('--acknowledge-below-threshold', "confirm a match although the score is below the gallery's threshold (recorded)"),
    (s, a, o, id: string, decision: string) => {
      if (!(reviewDecisions as readonly string[]).includes(decision)) fail('ABG_ERR_VALIDATION', `decision must be one of ${reviewDecisions.join(', ')}.`);
      return s.reviews.decide(a, id, decision as ReviewDecision, o.note, { acknowledgeBelowThreshold: o.acknowledgeBelowThreshold === true });
    },
    [],
  );

  const disclosure = program.command('disclosure').description('step 2: core data of confirmed hits');
  actorCommand(disclosure.command('list').description('disclosure requests your agency made or must decide'), (s, a) => s.disclosures.list(a), ['id', 'hitId', 'state', 'caseRef', 'createdAt']);
  actorCommand(disclosure.command('request <hitId>').description("ask the gallery owner's officer for the core data of a confirmed hit").requiredOption('--justification <text>', 'why the case needs the identity (shown to the deciding officer, logged)'), (s, a, o, hitId: string) => s.disclosures.request(a, hitId, o.justification), []);
  actorCommand(
    disclosure.command('decide <id> <approve|deny>').description('decide a disclosure request as owner-officer').requiredOption('--note <text>', 'the reason for the decision (logged)'),
    (s, a, o, id: string, d: string) => {
      if (d !== 'approve' && d !== 'deny') fail('ABG_ERR_VALIDATION', 'Say approve or deny.');
      return s.disclosures.decide(a, id, d === 'approve', o.note);
    },
    [],
  );
  actorCommand(disclosure.command('core-data <id>').description('the core data an approved disclosure released').requiredOption('--case <ref>', 'case reference (logged)'), (s, a, o, id: string) => s.disclosures.coreData(a, id, o.case), []);

  const subject = program.command('subject').description('subjects of your galleries');
  actorCommand(subject.command('list <gallery>').description('subjects of a gallery (name or id)').option('--limit <n>', 'subjects per page', '100').option('--offset <n>', 'subjects to skip', '0'), async (s, a, o, g: string) => s.enrollment.listSubjects(a, await galleryRef(s, a, g), { limit: Number(o.limit), offset: Number(o.offset), includeErased: false }), ['id', 'ref', 'hasCoreData', 'createdAt']);
  actorCommand(subject.command('samples <id>').description("the subject's samples with their provenance"), (s, a, _o, id: string) => s.provenance.samples(a, id).then(flatProvenance), ['id', 'source', 'captureDate', 'legalBasis', 'createdAt']);
  actorCommand(
    program.command('sample').description('samples of your subjects').command('provenance <id>').description("correct a sample's provenance; logged with the names of the changed fields")
      .option('--source <text>', 'provenance of the image').option('--capture-date <date>', 'ISO date; "" clears it').option('--legal-basis <text>', 'the law under which it is kept'),
    (s, a, o, id: string) => {
      if (o.source === undefined && o.captureDate === undefined && o.legalBasis === undefined) fail('ABG_ERR_VALIDATION', 'Give --source, --capture-date or --legal-basis.');
      return s.provenance.correct(a, id, { source: o.source, captureDate: o.captureDate, legalBasis: o.legalBasis });
    },
    [],
  );
  actorCommand(subject.command('erase <id>').description('erase now (crypto-shredding); keeps a tombstone').requiredOption('--reason <text>', 'why it is erased (logged)'), (s, a, o, id: string) => s.erasure.erase(a, id, o.reason), []);
  actorCommand(program.command('retention').description("erase subjects whose retention period expired in your agency's galleries (admins)").command('run'), (s, a) => s.erasure.runRetention(a), []);
}
