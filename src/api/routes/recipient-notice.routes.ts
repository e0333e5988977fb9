import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recipientNoticeKinds, recipientNoticeMeanings } from '../../domain/recipient-notice.ts';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { bearer, errorResponses, idParam, isoTime, queryFlag } from '../schemas/common.schemas.ts';

const noticeSchema = z.object({
  id: z.string(),
  kind: z.enum(recipientNoticeKinds).describe(Object.entries(recipientNoticeMeanings).map(([kind, meaning]) => `${kind}: ${meaning}`).join('; ')),
  direction: z.enum(['sent', 'received']).describe('sent: your agency is the owner; received: your agency is the recipient'),
  ownerAgencyId: z.string(),
  recipientAgencyId: z.string(),
  subjectId: z.string().describe("The owner's subject id; empty for the recipient"),
  objectionId: z.string().nullable().describe("The owner's objection behind a restriction; null for the recipient"),
  disclosureIds: z.array(z.string()).describe("The recipient's approved disclosures of the subject"),
  hitIds: z.array(z.string()).describe("The recipient's hits on the subject"),
  caseRefs: z.array(z.string()).describe("The recipient's cases"),
  createdAt: isoTime,
  createdBy: z.string().nullable(),
  acknowledgedAt: isoTime.nullable(),
  acknowledgedBy: z.string().nullable(),
  liftedAt: isoTime.nullable().describe('When the restriction ended (its objection was withdrawn)'),
});

export function recipientNoticeRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['recipient-notices'];
  r.get('/v1/recipient-notices', { schema: { tags, security: bearer, querystring: z.object({ open: queryFlag }), summary: 'Erasure and restriction notices your agency sent (as owner, with their acknowledgement) or received (LED Art. 16(6)); open=true: unacknowledged only', response: { 200: z.object({ notices: z.array(noticeSchema) }), ...errorResponses } } },
    async (req) => ({ notices: await s.recipientNotices.list(actorOf(req), req.query.open) }));
  r.post('/v1/recipient-notices/:id/acknowledge', { schema: { tags, security: bearer, params: idParam, summary: "Acknowledge a notice your agency received (the recipient's owner-officers and admins); repeating it changes nothing", response: { 200: z.object({ notice: noticeSchema, logIndex: z.number().int().nullable() }), ...errorResponses } } },
    async (req) => s.recipientNotices.acknowledge(actorOf(req), req.params.id));
}
