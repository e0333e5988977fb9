import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fail } from '../../domain/errors.ts';
import { enrollmentItem, manifestEntryOf } from '../../services/enrollment-items.ts';
import type { EnrollItem } from '../../services/enrollment.service.ts';
import type { Services } from '../../services/services.ts';
import type { ExchangeUpload } from '../../services/ports/face-record-exchange.ts';
import { actorOf } from '../auth.ts';
import { parseJson } from '../form-json.ts';
import { parseFields, readMultipart } from '../multipart.ts';
import { bearer, errorResponses, idParam, queryFlag, uploadSchema } from '../schemas/common.schemas.ts';
import { coreDataSchema, enrollAnswer, enrollFields, enrollmentManifest, erasureAnswer, eraseBody, provenanceAnswer, provenancePatch, sampleSchema, subjectSchema } from '../schemas/subject.schemas.ts';

export function subjectRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['enrollment'];
  r.post('/v1/galleries/:id/enrollments', { schema: uploadSchema({
    tags, params: idParam, summary: 'Enroll one or many images into your face gallery', response: { 200: enrollAnswer },
    description: 'multipart/form-data: files in field "image" (repeatable); fields source, captureDate?, legalBasis?, and either subjectRef (+ coreData JSON) for one image or manifest (JSON: file name → {subjectRef, coreData?, source?, captureDate?}). Each file is enrolled in its own transaction; refused files are reported per item.',
  }) }, async (req) => {
    const body = await readMultipart(req);
    const images = body.files.filter((f) => f.field === 'image');
    const files = s.deps.faceRecords ? await s.deps.faceRecords.expandUploads(images) : images;
    const items = enrollItems(files, parseFields(enrollFields, body.fields));
    const results = await s.enrollment.enroll(actorOf(req), req.params.id, items);
    return { enrolled: results.filter((x) => x.ok).length, refused: results.filter((x) => !x.ok).length, results };
  });
  r.get('/v1/galleries/:id/subjects', {
    schema: { tags, security: bearer, params: idParam, querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0), includeErased: queryFlag }), summary: 'List subjects of your gallery (references only)', response: { 200: z.object({ subjects: z.array(subjectSchema) }), ...errorResponses } },
  }, async (req) => ({ subjects: await s.enrollment.listSubjects(actorOf(req), req.params.id, req.query) }));
  r.get('/v1/subjects/:id/samples', {
    schema: { tags, security: bearer, params: idParam, summary: 'Samples of a subject of your gallery with their provenance (operators, admins)', response: { 200: z.object({ samples: z.array(sampleSchema) }), ...errorResponses } },
  }, async (req) => ({ samples: await s.provenance.samples(actorOf(req), req.params.id) }));
  r.patch('/v1/samples/:id/provenance', {
    schema: { tags, security: bearer, params: idParam, body: provenancePatch, summary: "Correct a sample's provenance (operators, admins of the owning agency); logged with the names of the changed fields", response: { 200: provenanceAnswer, ...errorResponses } },
  }, async (req) => s.provenance.correct(actorOf(req), req.params.id, req.body));
  r.delete('/v1/subjects/:id', {
    schema: { tags: ['erasure'], security: bearer, params: idParam, body: eraseBody, summary: 'Erase a subject now: destroys its key, templates and index entries; keeps a tombstone', response: { 200: erasureAnswer, ...errorResponses } },
  }, async (req) => s.erasure.erase(actorOf(req), req.params.id, req.body.reason));
  r.post('/v1/retention/run', {
    schema: { tags: ['erasure'], security: bearer, summary: "Erase every subject of your agency's galleries whose retention period expired (admins)", response: { 200: z.object({ erased: z.array(erasureAnswer) }), ...errorResponses } },
  }, async (req) => s.erasure.runRetention(actorOf(req)));
}

function enrollItems(files: ExchangeUpload[], f: z.infer<typeof enrollFields>): EnrollItem[] {
  if (files.length === 0) fail('ABG_ERR_VALIDATION', 'Send at least one file in the "image" field.');
  const batch = { source: f.source, captureDate: f.captureDate ?? null, ...(f.legalBasis ? { legalBasis: f.legalBasis } : {}) };
  // Face records of exchange transactions carry their own reference and provenance unless a manifest names them.
  if (!f.manifest && files.every((x) => x.entry)) return files.map((x) => enrollmentItem({ fileName: x.fileName, image: x.data }, batch, x.entry));
  if (!f.manifest) {
    if (files.length !== 1 || !f.subjectRef) fail('ABG_ERR_VALIDATION', 'For one image send subjectRef; for several send a manifest.');
    const coreData = f.coreData ? parseJson(coreDataSchema, f.coreData, 'coreData') : undefined;
    return [enrollmentItem({ fileName: files[0]!.fileName, image: files[0]!.data }, batch, { subjectRef: f.subjectRef, ...(coreData ? { coreData } : {}) })];
  }
  const manifest = parseJson(enrollmentManifest, f.manifest, 'manifest');
  // A file without a manifest entry is reported as refused by the service (empty reference).
  return files.map((file) => enrollmentItem({ fileName: file.fileName, image: file.data }, batch, manifestEntryOf(manifest, file.fileName)));
}
