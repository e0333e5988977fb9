import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { userSchema } from '../schemas/user.schemas.ts';
import { agencySchema, createAgencyWithAdminBody, updateAgencyBody } from '../schemas/agency.schemas.ts';
import { bearer, errorResponses, idParam } from '../schemas/common.schemas.ts';

export function agencyRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['agencies'];
  r.get('/v1/agencies', { schema: { tags, security: bearer, summary: 'List the agencies taking part', response: { 200: z.object({ agencies: z.array(agencySchema) }), ...errorResponses } } },
    async (req) => ({ agencies: await s.agencies.list(actorOf(req)) }));
  r.post('/v1/agencies', { schema: { tags, security: bearer, summary: 'Create an agency (host-agency admins only)', body: createAgencyWithAdminBody,
    response: { 201: z.object({ agency: agencySchema, admin: z.object({ user: userSchema, token: z.string().describe('Shown only in this response') }).nullable() }), ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await s.agencies.create(actorOf(req), req.body)));
  r.get('/v1/agencies/:id', { schema: { tags, security: bearer, summary: 'Read an agency', params: idParam, response: { 200: agencySchema, ...errorResponses } } },
    async (req) => s.agencies.get(actorOf(req), req.params.id));
  r.patch('/v1/agencies/:id', { schema: { tags, security: bearer, summary: 'Rename an agency, change its country, or set how its examiners decide (reviewsRequired, onDisagreement)', params: idParam, body: updateAgencyBody, response: { 200: agencySchema, ...errorResponses } } },
    async (req) => s.agencies.update(actorOf(req), req.params.id, req.body));
}
