import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { parseFields, readMultipart, singleFile } from '../multipart.ts';
import { bearer, errorResponses, idParam, uploadSchema } from '../schemas/common.schemas.ts';
import { disclosureSchema } from '../schemas/search.schemas.ts';
import { acceptBody, declineBody, issuedNoticeSchema, noticeCountRowSchema, noticeCountsQuery, noticeDisclosureBody, noticeFields, noticeSettingsBody, receivedNoticeSchema } from '../schemas/notice.schemas.ts';

export function noticeRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notices'];
  const issued = z.object({ notice: issuedNoticeSchema, logIndex: z.number().int() });
  const received = z.object({ notice: receivedNoticeSchema, logIndex: z.number().int() });
  r.post('/v1/notices', { schema: uploadSchema({
    tags, summary: 'Draft a notice about an unknown person (operators); it circulates once another owner-officer approves it', response: { 201: issued },
    description: 'multipart/form-data: the face image in field "probe"; fields purpose, legalBasis, caseRef, description (no personal data), recipients (agency ids or names, or "all"), validUntil, source (upload | triage with triageRunId and seq | search with searchId).',
  }) }, async (req, reply) => {
    const body = await readMultipart(req, { maxFiles: 1 });
    const f = parseFields(noticeFields, body.fields, ['recipients']);
    const probe = singleFile(body, 'probe');
    const recipients = f.recipients?.length === 1 && f.recipients[0] === 'all' ? 'all' as const : f.recipients ?? [];
    const out = await s.personNotices.create(actorOf(req), {
      purpose: f.purpose ?? '', legalBasis: f.legalBasis ?? '', caseRef: f.caseRef ?? '', description: f.description ?? '', recipients, validUntil: f.validUntil ?? '', image: probe.data,
      source: { kind: f.source, fileName: probe.fileName, ...(f.triageRunId ? { triageRunId: f.triageRunId } : {}), ...(f.seq !== undefined ? { seq: f.seq } : {}), ...(f.searchId ? { searchId: f.searchId } : {}) },
    });
    return reply.code(201).send(out);
  });
  r.get('/v1/notices', { schema: { tags, security: bearer, summary: 'Notices your agency issued, with each recipient’s answer (never its galleries)', response: { 200: z.object({ notices: z.array(issuedNoticeSchema) }), ...errorResponses } } },
    async (req) => ({ notices: await s.personNotices.listIssued(actorOf(req)) }));
  r.get('/v1/notices/inbox', { schema: { tags, security: bearer, summary: 'Notices circulated to your agency', response: { 200: z.object({ notices: z.array(receivedNoticeSchema) }), ...errorResponses } } },
    async (req) => ({ notices: await s.personNotices.inbox(actorOf(req)) }));
  r.get('/v1/notices/settings', { schema: { tags, security: bearer, summary: 'Purposes for which your agency accepts notices sent to "all"', response: { 200: z.object({ purposes: z.array(z.string()) }), ...errorResponses } } },
    async (req) => ({ purposes: await s.personNotices.acceptedPurposes(actorOf(req)) }));
  r.post('/v1/notices/settings', { schema: { tags, security: bearer, body: noticeSettingsBody, summary: 'Set the purposes for which your agency accepts notices sent to "all" (owner-officers, admins)', response: { 200: z.object({ purposes: z.array(z.string()), logIndex: z.number().int() }), ...errorResponses } } },
    async (req) => s.personNotices.setAcceptedPurposes(actorOf(req), req.body.purposes));
  r.get('/v1/notices/statistics', {
    schema: {
      tags, security: bearer, summary: 'Notices per agency and year from the log: issued, received, accepted, declined, answered, hit, disclosed (auditors: own agency; host auditors any, "*" all)',
      querystring: noticeCountsQuery, response: { 200: z.object({ rows: z.array(noticeCountRowSchema) }), ...errorResponses },
    },
  }, async (req) => ({ rows: await s.audit.noticeCounts(actorOf(req), req.query) }));
  r.get('/v1/notices/:id', { schema: { tags, security: bearer, params: idParam, summary: 'One notice: to its issuer with the answers, to a recipient with its own answer', response: { 200: z.object({ issued: issuedNoticeSchema.optional(), received: receivedNoticeSchema.optional() }), ...errorResponses } } },
    async (req) => s.personNotices.get(actorOf(req), req.params.id));
  r.get('/v1/notices/:id/probe', { schema: { tags, security: bearer, params: idParam, summary: 'The probe image, for the issuer and the recipients while it is kept', produces: ['application/octet-stream'] } },
    async (req, reply) => reply.type('application/octet-stream').header('cache-control', 'no-store').send(await s.personNotices.probeImage(actorOf(req), req.params.id)));
  r.post('/v1/notices/:id/approve', { schema: { tags, security: bearer, params: idParam, summary: 'Approve a draft (an owner-officer other than its creator): it circulates', response: { 200: issued, ...errorResponses } } },
    async (req) => s.personNotices.approve(actorOf(req), req.params.id));
  r.post('/v1/notices/:id/withdraw', { schema: { tags, security: bearer, params: idParam, summary: 'Withdraw a notice: the probe and every recipient’s templates are destroyed', response: { 200: issued, ...errorResponses } } },
    async (req) => s.personNotices.withdraw(actorOf(req), req.params.id));
  r.post('/v1/notices/:id/accept', { schema: { tags, security: bearer, params: idParam, body: acceptBody, summary: 'Accept a received notice for some of your face galleries (owner-officers): searched now and on every later enrollment', response: { 200: received.extend({ potentialHits: z.number().int() }), ...errorResponses } } },
    async (req) => s.personNotices.accept(actorOf(req), req.params.id, req.body.galleryIds));
  r.post('/v1/notices/:id/decline', { schema: { tags, security: bearer, params: idParam, body: declineBody, summary: 'Decline a received notice with a reason (owner-officers)', response: { 200: received, ...errorResponses } } },
    async (req) => s.personNotices.decline(actorOf(req), req.params.id, req.body.reason));
  r.post('/v1/notices/:id/disclosure-requests', { schema: { tags, security: bearer, params: idParam, body: noticeDisclosureBody, summary: 'Step 2 for a confirmed hit of your notice: ask the recipient for the core data; its owner-officer decides under /v1/disclosures', response: { 201: z.object({ disclosure: disclosureSchema, logIndex: z.number().int() }), ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await s.personNotices.requestDisclosure(actorOf(req), req.params.id, req.body.reference, req.body.justification)));
}
