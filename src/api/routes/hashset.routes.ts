import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { parseFields, readMultipart, singleFile } from '../multipart.ts';
import { bearer, errorResponses, idParam, uploadSchema } from '../schemas/common.schemas.ts';
import { hashSetExportQuery, hashSetImportAnswer, hashSetImportFields, hashSetSchema } from '../schemas/media.schemas.ts';

export function hashSetRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['hash sets'];
  r.get('/v1/hashsets', { schema: { tags, security: bearer, summary: "List your agency's known-hash sets", response: { 200: z.object({ hashSets: z.array(hashSetSchema) }), ...errorResponses } } },
    async (req) => ({ hashSets: await s.hashSets.list(actorOf(req)) }));
  r.post('/v1/hashsets', { schema: uploadSchema({
    tags, summary: 'Import a known-hash list (VICS 2.0 JSON or CSV); malformed rows are reported, the rest imported', response: { 200: hashSetImportAnswer },
    description: 'multipart/form-data: the list in field "file"; fields name, source, categoryScheme, format (vics | csv), defaultCategory?',
  }) }, async (req) => {
    const body = await readMultipart(req, { maxFiles: 1 });
    return s.hashSets.import(actorOf(req), { ...parseFields(hashSetImportFields, body.fields), text: Buffer.from(singleFile(body, 'file').data).toString('utf8') });
  });
  r.get('/v1/hashsets/:id/export', { schema: { tags, security: bearer, summary: 'Export a hash set as VICS 2.0 JSON or CSV', params: idParam, querystring: hashSetExportQuery, response: { 200: z.any().describe('VICS JSON or CSV text'), ...errorResponses } } },
    async (req, reply) => {
      const x = await s.hashSets.export(actorOf(req), req.params.id, req.query.format);
      return reply.type(`${x.contentType}; charset=utf-8`).send(x.text);
    });
}
