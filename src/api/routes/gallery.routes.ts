import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { bearer, errorResponses, idParam } from '../schemas/common.schemas.ts';
import { createGalleryBody, galleryNameSchema, gallerySchema, reembedBody, reembedSchema, updateGalleryBody } from '../schemas/gallery.schemas.ts';

export function galleryRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['galleries'];
  // A face gallery shows the index its searches are answered from (and an HNSW one its measured recall).
  const withIndex = <G extends { id: string; modelId: string | null }>(g: G) => (g.modelId ? { ...g, index: s.deps.index.indexStatus?.(g.modelId, g.id) ?? { kind: 'exact' as const } } : g);
  r.get('/v1/galleries', { schema: { tags, security: bearer, summary: "List your agency's galleries", response: { 200: z.object({ galleries: z.array(gallerySchema) }), ...errorResponses } } },
    async (req) => ({ galleries: (await s.galleries.list(actorOf(req))).map(withIndex) }));
  r.get('/v1/gallery-names', { schema: { tags, security: bearer, summary: "Names of your agency's galleries and of the galleries named in agreements your agency is party to", response: { 200: z.object({ galleries: z.array(galleryNameSchema) }), ...errorResponses } } },
    async (req) => ({ galleries: await s.galleries.names(actorOf(req)) }));
  r.post('/v1/galleries', { schema: { tags, security: bearer, summary: 'Create a gallery owned by your agency (admins)', body: createGalleryBody, response: { 201: gallerySchema, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await s.galleries.create(actorOf(req), req.body)));
  r.get('/v1/galleries/:id', { schema: { tags, security: bearer, summary: 'Read a gallery of your agency', params: idParam, response: { 200: gallerySchema, ...errorResponses } } },
    async (req) => withIndex(await s.galleries.get(actorOf(req), req.params.id)));
  r.patch('/v1/galleries/:id', { schema: { tags, security: bearer, summary: 'Change a gallery (admins)', params: idParam, body: updateGalleryBody, response: { 200: gallerySchema, ...errorResponses } } },
    async (req) => withIndex(await s.galleries.update(actorOf(req), req.params.id, req.body)));
  r.delete('/v1/galleries/:id', { schema: { tags, security: bearer, summary: 'Delete an empty gallery (admins)', params: idParam, response: { 204: z.undefined(), ...errorResponses } } },
    async (req, reply) => { await s.galleries.delete(actorOf(req), req.params.id); return reply.code(204).send(); });
  r.post('/v1/galleries/:id/reembed', { schema: { tags, security: bearer, summary: "Re-embed a face gallery onto another model (admins); searches use the old model until the job switches", params: idParam, body: reembedBody, response: { 202: reembedSchema, ...errorResponses } } },
    async (req, reply) => reply.code(202).send(await s.reembeds.start(actorOf(req), req.params.id, req.body.modelId)));
  r.get('/v1/galleries/:id/reembed', { schema: { tags, security: bearer, summary: "Progress of the gallery's latest re-embedding", params: idParam, response: { 200: reembedSchema, ...errorResponses } } },
    async (req) => s.reembeds.progress(actorOf(req), req.params.id));
}
