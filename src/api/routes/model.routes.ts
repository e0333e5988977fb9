// Calibration of registered face models: a labelled set uploaded as a zip (host admins), and the
// accuracy declaration and DET curve of the stored calibration.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ArchiveLimits } from '../../media/archive.ts';
import { readLabelledZip } from '../../media/labelled-set.ts';
import { declarationMarkdown } from '../../services/accuracy-declaration.ts';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { readMultipart, singleFile } from '../multipart.ts';
import { declarationSchema, modelParam } from '../schemas/calibration.schemas.ts';
import { bearer, errorResponses, uploadSchema } from '../schemas/common.schemas.ts';

export function modelRoutes(app: FastifyInstance, s: Services, archiveLimits: Partial<ArchiveLimits> = {}) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['models'];
  r.post('/v1/models/:id/calibrations', { schema: uploadSchema({
    tags, params: modelParam, summary: 'Calibrate a registered model on a labelled set (admins of the host agency)', response: { 201: declarationSchema },
    description: 'multipart/form-data: one zip in field "set" holding one folder per person, or a pairs.txt (LFW-style) beside such folders; the archive limits apply. Stores the calibration with the model, logs model.calibrated and answers with the accuracy declaration.',
  }) }, async (req, reply) => {
    const actor = actorOf(req);
    const set = singleFile(await readMultipart(req), 'set');
    const dir = await mkdtemp(join(tmpdir(), 'abg-calib-'));
    try {
      const zip = join(dir, 'set.zip');
      await writeFile(zip, set.data);
      const labelled = await readLabelledZip(zip, set.fileName.replace(/\.zip$/i, ''), archiveLimits);
      return reply.code(201).send(await s.calibrations.calibrate(actor, req.params.id, labelled));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  r.get('/v1/models/:id/calibration', { schema: { tags, security: bearer, params: modelParam, summary: "The accuracy declaration of a model's active calibration, a built-in model's shipped table included (JSON)", response: { 200: declarationSchema, ...errorResponses } } },
    async (req) => s.calibrations.declaration(req.params.id));
  r.get('/v1/models/:id/calibration/declaration', { schema: { tags, security: bearer, params: modelParam, summary: 'The accuracy declaration as Markdown (EU AI Act Art. 13(3)(b)(ii), 15)', produces: ['text/markdown'], response: { 200: z.string(), ...errorResponses } } },
    async (req, reply) => reply.type('text/markdown; charset=utf-8').send(declarationMarkdown(await s.calibrations.declaration(req.params.id))));
  r.get('/v1/models/:id/calibration/det.svg', { schema: { tags, security: bearer, params: modelParam, summary: 'The DET curve of the calibration (SVG, log scales)', produces: ['image/svg+xml'], response: { 200: z.string(), ...errorResponses } } },
    async (req, reply) => reply.type('image/svg+xml').send(await s.calibrations.detSvg(req.params.id)));
}
