import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fail } from '../../domain/errors.ts';
import type { ArchiveLimits } from '../../media/archive.ts';
import { uploadInputs } from '../../media/triage-sources.ts';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { parseFields, readMultipart } from '../multipart.ts';
import { bearer, errorResponses, idParam, uploadSchema } from '../schemas/common.schemas.ts';
import { triageFields, triageReportSchema } from '../schemas/media.schemas.ts';

export function triageRoutes(app: FastifyInstance, s: Services, archiveLimits: Partial<ArchiveLimits> = {}) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['triage'];
  r.post('/v1/triage', { schema: uploadSchema({
    tags, summary: 'Triage seized media: known / near-duplicate of known / new, per file', response: { 200: triageReportSchema },
    description: 'multipart/form-data: files and zip archives in field "file" (repeatable); fields caseRef, galleryId? (a media gallery the files are added to), faceModelId? (list faces found in photos). Bad files and refused archives are reported per item with an error code.',
  }) }, async (req) => {
    const body = await readMultipart(req);
    const f = parseFields(triageFields, body.fields);
    const files = body.files.filter((x) => x.field === 'file');
    if (files.length === 0) fail('ABG_ERR_VALIDATION', 'Send at least one file in the "file" field.');
    const dir = await mkdtemp(join(tmpdir(), 'abg-upload-'));
    try {
      return await s.triage.run(actorOf(req), { ...f, files: uploadInputs(files, dir, archiveLimits) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  r.get('/v1/triage/:id', { schema: { tags, security: bearer, summary: 'The report of a triage run of your agency', params: idParam, response: { 200: triageReportSchema, ...errorResponses } } },
    async (req) => s.triage.get(actorOf(req), req.params.id));
}
