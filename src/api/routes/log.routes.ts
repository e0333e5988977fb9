import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { refusalsToCsv, statisticsToCsv } from '../../audit/statistics.ts';
import type { AuditService } from '../../services/audit.service.ts';
import { actorOf } from '../auth.ts';
import { bearer, errorResponses } from '../schemas/common.schemas.ts';
import {
  checkpointSchema, consistencyQuery, cosignaturesBody, logEntriesQuery, logEntriesSchema, consistencySchema, inclusionSchema, proofParams, proofQuery, publicKeySchema, refusalRowSchema, retentionAnswer, retentionBody, statisticsCheckSchema, statisticsQuery, statisticsRowSchema,
} from '../schemas/log.schemas.ts';

const tags = ['log'];

/** The log's public key: for anyone, outside the authenticated scope. */
export function logPublicRoutes(app: FastifyInstance, audit: AuditService) {
  app.withTypeProvider<ZodTypeProvider>().get('/v1/log/public-key', { schema: { tags, summary: 'The key that signs checkpoints and receipts (no token needed)', response: { 200: publicKeySchema } } },
    async () => audit.publicKey());
}

/** Proofs, checkpoints, statistics and export for auditors; register inside the authenticated /v1 scope. */
export function logRoutes(app: FastifyInstance, audit: AuditService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/v1/log/checkpoint', { schema: { tags, security: bearer, summary: 'The newest signed checkpoint, with the witness cosignatures held for it (auditors)', response: { 200: checkpointSchema, ...errorResponses } } },
    async (req) => audit.checkpoint(actorOf(req)));
  r.post('/v1/log/cosignatures', { schema: { tags, security: bearer, summary: "Store a witness's cosignature on a checkpoint of this log; answers the checkpoint with every cosignature held (auditors)", body: cosignaturesBody, response: { 200: checkpointSchema, ...errorResponses } } },
    async (req) => audit.addCosignatures(actorOf(req), req.body.note, req.body.witnessKey));
  r.get('/v1/log/entries', { schema: { tags, security: bearer, summary: "Log entries, filtered and paged, newest first (auditors: own agency's actions and other agencies' actions about its galleries, without probes; host agency: all)", querystring: logEntriesQuery, response: { 200: logEntriesSchema, ...errorResponses } } },
    async (req) => {
      const { limit, offset, ...filter } = req.query;
      return audit.entries(actorOf(req), filter, { limit, offset });
    });
  r.get('/v1/log/entries/:i/proof', { schema: { tags, security: bearer, summary: 'Inclusion proof of entry i in the tree of the given size (auditors)', params: proofParams, querystring: proofQuery, response: { 200: inclusionSchema, ...errorResponses } } },
    async (req) => audit.inclusion(actorOf(req), req.params.i, req.query.size));
  r.get('/v1/log/consistency', { schema: { tags, security: bearer, summary: 'Consistency proof between two tree sizes (auditors)', querystring: consistencyQuery, response: { 200: consistencySchema, ...errorResponses } } },
    async (req) => audit.consistency(actorOf(req), req.query.from, req.query.to));
  r.get('/v1/log/statistics', { schema: { tags, security: bearer, summary: "Statistics by agency × gallery × purpose × period, from the log, or the refusals by action and error code (auditors: own agency and others' actions about its galleries; host any)", querystring: statisticsQuery, response: { 200: z.union([z.object({ rows: z.array(statisticsRowSchema) }), z.object({ refusals: z.array(refusalRowSchema) }), z.string()]), ...errorResponses } } },
    async (req, reply) => {
      const { format, view, ...q } = req.query;
      const csv = (text: string) => reply.type('text/csv; charset=utf-8').send(text);
      if (view === 'refusals') {
        const refusals = await audit.refusals(actorOf(req), q);
        return format === 'csv' ? csv(refusalsToCsv(refusals)) : { refusals };
      }
      const rows = await audit.statistics(actorOf(req), q);
      return format === 'csv' ? csv(statisticsToCsv(rows)) : { rows };
    });
  r.get('/v1/log/statistics/verify', { schema: { tags, security: bearer, summary: 'Recount the statistics counters from the log entries and list every counter that differs (auditors of the host agency)', response: { 200: statisticsCheckSchema, ...errorResponses } } },
    async (req) => audit.verifyStatistics(actorOf(req)));
  r.post('/v1/log/retention', { schema: { tags, security: bearer, summary: 'Remove the payloads of entries older than the given days; their hashes stay, so the log still verifies (admins of the host agency)', body: retentionBody, response: { 200: retentionAnswer, ...errorResponses } } },
    async (req) => ({ removed: await audit.applyRetention(actorOf(req), req.body.days) }));
  r.get('/v1/log/export', { schema: { tags, security: bearer, summary: 'The whole log as JSON lines for standalone verification (auditors of the host agency)', response: { 200: z.any().describe('JSON lines (application/x-ndjson), see docs/audit.md'), ...errorResponses } } },
    async (req, reply) => {
      const lines = await audit.export(actorOf(req));
      const stream = Readable.from((async function* () {
        for await (const line of lines) yield `${line}\n`;
      })());
      return reply.type('application/x-ndjson; charset=utf-8').send(stream);
    });
}
