import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { errorBody } from '../schemas/common.schemas.ts';

export function healthRoutes(app: FastifyInstance, services: Services, version: string) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/health', {
    schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) } },
  }, async () => ({ status: 'ok' as const, version }));
  r.get('/ready', {
    schema: {
      tags: ['health'], summary: 'Readiness: the database answers',
      response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: errorBody },
    },
  }, async () => {
    await services.deps.store.ping().catch(() => services.deps.store.ping());
    return { status: 'ready' as const, database: services.deps.store.dialect };
  });
}
