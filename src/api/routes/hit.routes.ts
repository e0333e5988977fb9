import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hitStates } from '../../domain/workflow.ts';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { bearer, errorResponses, idParam } from '../schemas/common.schemas.ts';
import { hitFacesSchema, hitSchema, reviewBody } from '../schemas/search.schemas.ts';

export function hitRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['review'];
  r.get('/v1/hits', { schema: { tags, security: bearer, querystring: z.object({ state: z.enum(hitStates).optional() }), summary: "Your agency's potential hits", response: { 200: z.object({ hits: z.array(hitSchema) }), ...errorResponses } } },
    async (req) => ({ hits: await s.reviews.list(actorOf(req), req.query.state) }));
  r.get('/v1/hits/:id', { schema: { tags, security: bearer, params: idParam, summary: 'A potential hit with its reviews (blind: only your own until it is concluded)', response: { 200: hitSchema, ...errorResponses } } },
    async (req) => s.reviews.get(actorOf(req), req.params.id));
  r.post('/v1/hits/:id/reviews', { schema: { tags, security: bearer, params: idParam, body: reviewBody, summary: 'Decide on a potential hit (examiners; two different examiners by default, a third where they split)', response: { 200: z.object({ hit: hitSchema, logIndex: z.number().int() }), ...errorResponses } } },
    async (req) => s.reviews.decide(actorOf(req), req.params.id, req.body.decision, req.body.note, { acknowledgeBelowThreshold: req.body.acknowledgeBelowThreshold === true }));
  r.get('/v1/hits/:id/probe-image', { schema: { tags, security: bearer, params: idParam, summary: 'The probe image of the search (examiners)', produces: ['application/octet-stream'] } },
    async (req, reply) => reply.type('application/octet-stream').header('cache-control', 'no-store').send(await s.reviews.probeImage(actorOf(req), req.params.id)));
  r.get('/v1/hits/:id/faces', { schema: { tags, security: bearer, params: idParam, summary: 'Box and landmarks of the probe face and, where the agreement shows the gallery image, of the candidate face (examiners)', response: { 200: hitFacesSchema, ...errorResponses } } },
    async (req) => s.reviews.faces(actorOf(req), req.params.id));
  r.get('/v1/hits/:id/candidate-image', { schema: { tags, security: bearer, params: idParam, summary: "The gallery image, where the owner's agreement allows it (examiners); to another agency marked as a release (no onward transfer)", produces: ['image/jpeg', 'image/png', 'application/octet-stream'] } },
    async (req, reply) => {
      const image = await s.reviews.candidateImage(actorOf(req), req.params.id);
      if (image.releaseId) reply.header('abgleich-release-id', image.releaseId);
      return reply.type(image.mediaType).header('cache-control', 'no-store').send(Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength));
    });
}
