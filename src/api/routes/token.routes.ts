import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { bearer, errorResponses, idParam } from '../schemas/common.schemas.ts';
import { issueTokenBody, issuedTokenSchema, tokenSchema } from '../schemas/token.schemas.ts';

export function tokenRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tokens'];
  r.get('/v1/tokens', { schema: { tags, security: bearer, summary: "List a user's tokens (yours by default)", querystring: z.object({ userId: z.string().optional() }), response: { 200: z.object({ tokens: z.array(tokenSchema) }), ...errorResponses } } },
    async (req) => ({ tokens: await s.tokens.list(actorOf(req), req.query.userId) }));
  r.post('/v1/tokens', { schema: { tags, security: bearer, summary: 'Issue a token; the secret is shown once', body: issueTokenBody, response: { 201: issuedTokenSchema, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await s.tokens.issue(actorOf(req), req.body)));
  r.delete('/v1/tokens/:id', { schema: { tags, security: bearer, summary: 'Revoke a token at once', params: idParam, response: { 200: tokenSchema, ...errorResponses } } },
    async (req) => s.tokens.revoke(actorOf(req), req.params.id));
}
