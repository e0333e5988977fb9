import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { modelsResponse } from '../schemas/model.schemas.ts';
import { bearer, errorResponses, idParam, isoTime, queryFlag } from '../schemas/common.schemas.ts';

const notificationSchema = z.object({ id: z.string(), kind: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: isoTime, readAt: isoTime.nullable() });

export function notificationRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  r.get('/v1/notifications', { schema: { tags, security: bearer, querystring: z.object({ unread: queryFlag }), summary: "Your agency's notifications (confirmed hits, disclosure requests and decisions)", response: { 200: z.object({ notifications: z.array(notificationSchema) }), ...errorResponses } } },
    async (req) => ({ notifications: await s.notifications.list(actorOf(req), req.query.unread) }));
  r.post('/v1/notifications/:id/read', { schema: { tags, security: bearer, params: idParam, summary: 'Mark a notification read', response: { 204: z.undefined(), ...errorResponses } } },
    async (req, reply) => { await s.notifications.markRead(actorOf(req), req.params.id); return reply.code(204).send(); });
  r.get('/v1/models', { schema: { tags: ['models'], security: bearer, summary: 'Face models this server runs (built-in and registered), with licence, calibration state and history, and calibrated thresholds', response: { 200: modelsResponse, ...errorResponses } } },
    async () => {
      await s.faceModels.refresh();
      return { models: await s.faceModels.catalogue() };
    });
}
