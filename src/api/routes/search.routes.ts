import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { parseFields, readMultipart, singleFile } from '../multipart.ts';
import { bearer, errorResponses, uploadSchema } from '../schemas/common.schemas.ts';
import { z } from 'zod';
import { searchableGallerySchema, searchableQuery, searchAnswer, searchFields, verifyAnswer, verifyFields } from '../schemas/search.schemas.ts';

export function searchRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/v1/searchable-galleries', {
    schema: {
      tags: ['search'], security: bearer, summary: 'Galleries you may search: your own and those shared with you under active agreements, with their limits',
      querystring: searchableQuery, response: { 200: z.object({ galleries: z.array(searchableGallerySchema) }), ...errorResponses },
    },
  }, async (req) => ({ galleries: await s.searches.searchable(actorOf(req), req.query.purpose) }));
  r.post('/v1/searches', { schema: uploadSchema({
    tags: ['search'], summary: '1:N search (step 1): opaque candidates per gallery', response: { 200: searchAnswer },
    description: 'multipart/form-data: the probe image, or an ANSI/NIST-ITL transaction or ISO/IEC 19794-5 record (its first face; feature points align it when no face is detected), in field "probe"; fields purpose, caseRef, authorisationRef, galleryIds (comma-separated or repeated; default all you may search), mode (identification | investigation), topK.',
  }) }, async (req) => {
    const body = await readMultipart(req, { maxFiles: 1 });
    const f = parseFields(searchFields, body.fields, ['galleryIds']);
    const probe = singleFile(body, 'probe');
    const input = s.deps.faceRecords ? await s.deps.faceRecords.probe(probe.fileName, probe.data) : { probe: probe.data };
    return s.searches.search(actorOf(req), { ...input, ...f });
  });
  r.post('/v1/verifications', { schema: uploadSchema({
    tags: ['verification'], summary: '1:1 verification against one subject you may see', response: { 200: verifyAnswer },
    description: 'multipart/form-data: the probe image in field "probe"; fields subjectId or disclosureId (an approved disclosure of your agency, for the subject it released), purpose, caseRef, authorisationRef.',
  }) }, async (req) => {
    const body = await readMultipart(req, { maxFiles: 1 });
    return s.verification.verify(actorOf(req), { probe: singleFile(body, 'probe').data, ...parseFields(verifyFields, body.fields) });
  });
}
