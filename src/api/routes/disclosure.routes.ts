import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { bearer, errorResponses, idParam } from '../schemas/common.schemas.ts';
import { coreDataAnswer, disclosureDecisionBody, disclosureRequestBody, disclosureSchema, disclosureViewSchema } from '../schemas/search.schemas.ts';

export function disclosureRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['disclosure'];
  const answer = z.object({ disclosure: disclosureSchema, logIndex: z.number().int() });
  r.post('/v1/hits/:id/disclosures', { schema: { tags, security: bearer, params: idParam, body: disclosureRequestBody, summary: 'Ask the owner for the core data of a confirmed hit (step 2)', response: { 201: answer, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await s.disclosures.request(actorOf(req), req.params.id, req.body.justification)));
  r.get('/v1/disclosures', { schema: { tags, security: bearer, summary: 'Disclosure requests your agency made or must decide, with both agencies by name, the hit\'s score and the examiners\' findings', response: { 200: z.object({ disclosures: z.array(disclosureViewSchema) }), ...errorResponses } } },
    async (req) => ({ disclosures: await s.disclosures.list(actorOf(req)) }));
  r.get('/v1/disclosures/:id', { schema: { tags, security: bearer, params: idParam, summary: 'Read a disclosure request', response: { 200: disclosureViewSchema, ...errorResponses } } },
    async (req) => s.disclosures.get(actorOf(req), req.params.id));
  r.post('/v1/disclosures/:id/decision', { schema: { tags, security: bearer, params: idParam, body: disclosureDecisionBody, summary: "Approve or deny (the owner's owner-officers)", response: { 200: answer, ...errorResponses } } },
    async (req) => s.disclosures.decide(actorOf(req), req.params.id, req.body.approve, req.body.note));
  r.get('/v1/disclosures/:id/core-data', { schema: { tags, security: bearer, params: idParam, querystring: z.object({ caseRef: z.string().min(1) }), summary: 'The released core data, for the case of the search (requester); never cached, so that an erasure or restriction takes effect at once', response: { 200: coreDataAnswer, ...errorResponses } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await s.disclosures.coreData(actorOf(req), req.params.id, req.query.caseRef)));
  r.get('/v1/disclosures/:id/transaction', { schema: { tags, security: bearer, params: idParam, querystring: z.object({ caseRef: z.string().min(1) }), summary: "The released record as an ANSI/NIST-ITL transaction (Type-1, Type-2 with the core data and a no-onward-transfer notice in 2.901, Type-10 with the face image where the agreement shows images), for the requester's own system; logged, never cached", response: { 200: z.any(), ...errorResponses } } },
    async (req, reply) => {
      const t = await s.disclosures.transaction(actorOf(req), req.params.id, req.query.caseRef);
      return reply.header('cache-control', 'no-store').header('content-type', 'application/octet-stream').header('content-disposition', `attachment; filename="${t.fileName}"`).header('x-log-index', String(t.logIndex)).send(Buffer.from(t.bytes));
    });
}
