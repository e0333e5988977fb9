import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agreementStatus } from '../../domain/agreement.ts';
import type { Agreement } from '../../domain/workflow.ts';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { agreementAnswer, agreementSchema, createAgreementBody } from '../schemas/agreement.schemas.ts';
import { bearer, errorResponses, idParam } from '../schemas/common.schemas.ts';

export function agreementRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['agreements'];
  const withStatus = (a: Agreement) => ({ ...a, status: agreementStatus(a, s.deps.now()) });
  r.get('/v1/agreements', { schema: { tags, security: bearer, summary: 'Agreements your agency is party to', response: { 200: z.object({ agreements: z.array(agreementSchema) }), ...errorResponses } } },
    async (req) => ({ agreements: (await s.agreements.list(actorOf(req))).map(withStatus) }));
  r.post('/v1/agreements', { schema: { tags, security: bearer, summary: 'Let another agency search your galleries for purposes until a date (owner-officers)', body: createAgreementBody, response: { 201: agreementAnswer, ...errorResponses } } },
    async (req, reply) => { const a = await s.agreements.create(actorOf(req), req.body); return reply.code(201).send({ ...a, agreement: withStatus(a.agreement) }); });
  r.get('/v1/agreements/:id', { schema: { tags, security: bearer, params: idParam, summary: 'Read an agreement', response: { 200: agreementSchema, ...errorResponses } } },
    async (req) => withStatus(await s.agreements.get(actorOf(req), req.params.id)));
  r.post('/v1/agreements/:id/revoke', { schema: { tags, security: bearer, params: idParam, summary: 'Revoke at once: later searches, disclosure requests and approvals, core-data reads and verifications of disclosed subjects under it are refused (owner-officers)', response: { 200: agreementAnswer, ...errorResponses } } },
    async (req) => { const a = await s.agreements.revoke(actorOf(req), req.params.id); return { ...a, agreement: withStatus(a.agreement) }; });
}
