import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fail } from '../../domain/errors.ts';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { parseJson } from '../form-json.ts';
import { parseFields, readMultipart } from '../multipart.ts';
import { bearer, errorResponses, idParam, uploadSchema } from '../schemas/common.schemas.ts';
import { fileAnswer, fileFields, hashList, manifestAnswer, manifestQuery, objectionDetail, objectionSchema, reachAnswer, withdrawAnswer, withdrawBody } from '../schemas/objection.schemas.ts';

export function objectionRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['objections'];
  r.post('/v1/objections', { schema: uploadSchema({
    tags, summary: "File a data subject's objection (owner-officers, admins)", response: { 201: fileAnswer },
    description: 'multipart/form-data: evidence images in field "evidence" (repeatable), recordings (audio, or a video whose sound track counts) in field "recording" (repeatable), fields reference, purposes, hashes (JSON), and consentRef only with explicit consent to keep a face reference. Stored items the objection reaches are found at once.',
  }) }, async (req, reply) => {
    const body = await readMultipart(req);
    const f = parseFields(fileFields, body.fields, ['purposes']);
    const hashes = f.hashes ? parseJson(hashList, f.hashes, 'hashes') : [];
    const evidence = body.files.filter((x) => x.field === 'evidence').map((x) => ({ fileName: x.fileName, bytes: x.data }));
    const recordings = body.files.filter((x) => x.field === 'recording').map((x) => ({ fileName: x.fileName, bytes: x.data }));
    const answer = await s.objections.file(actorOf(req), {
      reference: f.reference, purposes: f.purposes, evidence, recordings, hashes, ...(f.consentRef ? { faceConsent: { consentRef: f.consentRef, ...(f.faceModelId ? { modelId: f.faceModelId } : {}) } } : {}),
    });
    return reply.code(201).send(answer);
  });
  r.get('/v1/objections', {
    schema: { tags, security: bearer, querystring: z.object({ status: z.enum(['active', 'withdrawn']).optional() }), summary: "Your agency's objections", response: { 200: z.object({ objections: z.array(objectionSchema) }), ...errorResponses } },
  }, async (req) => ({ objections: await s.objections.list(actorOf(req), req.query.status) }));
  r.get('/v1/objections/:id', {
    schema: { tags, security: bearer, params: idParam, summary: 'One objection: its reach per stage and the stored items found under it', response: { 200: objectionDetail, ...errorResponses } },
  }, async (req) => s.objections.get(actorOf(req), req.params.id));
  r.post('/v1/objections/:id/withdraw', {
    schema: { tags, security: bearer, params: idParam, body: withdrawBody, summary: 'Withdraw an objection: its evidence and face reference are deleted', response: { 200: withdrawAnswer, ...errorResponses } },
  }, async (req) => s.objections.withdraw(actorOf(req), req.params.id, req.body.reason));
  r.post('/v1/objections/:id/reach', { schema: uploadSchema({
    tags, params: idParam, summary: 'Which stage of the objection catches each candidate file (field "candidate", repeatable)', response: { 200: reachAnswer },
  }) }, async (req) => {
    const body = await readMultipart(req);
    const files = body.files.filter((x) => x.field === 'candidate').map((x) => ({ fileName: x.fileName, bytes: x.data }));
    if (files.length === 0) fail('ABG_ERR_VALIDATION', 'Send at least one file in the "candidate" field.');
    return s.objections.reach(actorOf(req), req.params.id, files);
  });
  r.post('/v1/galleries/:id/manifest', {
    schema: {
      tags: ['exports'], security: bearer, params: idParam, querystring: manifestQuery, summary: 'Dataset manifest for a purpose (AI training by default), without objected items (admins)',
      response: { 200: manifestAnswer, ...errorResponses },
    },
  }, async (req) => s.exports.manifest(actorOf(req), req.params.id, req.query.purpose));
}
