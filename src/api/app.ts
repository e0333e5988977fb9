// Builds the Fastify application: schemas, OpenAPI 3.1 at /openapi.json, docs at /docs,
// bearer auth on /v1, per-token rate limits, coded errors and JSON logs with request ids.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AbgError } from '../domain/errors.ts';
import { parseTokenId } from '../domain/token-format.ts';
import type { Services } from '../services/services.ts';
import { bearerToken, requireAuth } from './auth.ts';
import { clientErrorHandler, errorHandler, errorPayload } from './error-handler.ts';
import { uploadLimitsPlugin } from './multipart.ts';
import { closeStalledBodies } from './stalled-bodies.ts';
import type { ArchiveLimits } from '../media/archive.ts';
import { agencyRoutes } from './routes/agency.routes.ts';
import { galleryRoutes } from './routes/gallery.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { logPublicRoutes, logRoutes } from './routes/log.routes.ts';
import { tokenRoutes } from './routes/token.routes.ts';
import { userRoutes } from './routes/user.routes.ts';
import { agreementRoutes } from './routes/agreement.routes.ts';
import { disclosureRoutes } from './routes/disclosure.routes.ts';
import { hitRoutes } from './routes/hit.routes.ts';
import { notificationRoutes } from './routes/notification.routes.ts';
import { searchRoutes } from './routes/search.routes.ts';
import { subjectRoutes } from './routes/subject.routes.ts';
import { exchangeRoutes } from './routes/exchange.routes.ts';
import { objectionRoutes } from './routes/objection.routes.ts';
import { hashSetRoutes } from './routes/hashset.routes.ts';
import { modelRoutes } from './routes/model.routes.ts';
import { triageRoutes } from './routes/triage.routes.ts';
import { recipientNoticeRoutes } from './routes/recipient-notice.routes.ts';
import { noticeRoutes } from './routes/notice.routes.ts';
import { webUi } from './web-ui.ts';

export interface ApiOptions {
  /** Largest accepted request body in bytes (JSON routes). */
  bodyLimit: number;
  /** Largest accepted uploaded file (images) in bytes, and files per request. */
  uploadLimit: number;
  uploadFiles: number;
  /** Largest multipart body in bytes, and text fields per request. */
  uploadTotalLimit: number;
  uploadFields: number;
  /** Time to receive a whole request (headers and body), and the longest silence while a body arrives, in ms. */
  requestTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  /** Zip archives sent to triage. */
  archiveLimits: Partial<ArchiveLimits>;
  /** Requests per token (or per address without a token) per minute. */
  rateLimitPerMinute: number;
  /** pino logger options, or false for silence (tests). */
  logger: FastifyServerOptions['logger'];
  version: string;
}

export const defaultApiOptions: ApiOptions = {
  bodyLimit: 1024 * 1024, uploadLimit: 30 * 1024 * 1024, uploadFiles: 1000, uploadTotalLimit: 256 * 1024 * 1024, uploadFields: 100,
  requestTimeoutMs: 300_000, bodyIdleTimeoutMs: 30_000, archiveLimits: {}, rateLimitPerMinute: 600, logger: { level: 'info' }, version: '0.1.0',
};

export async function buildApp(services: Services, options: Partial<ApiOptions> = {}): Promise<FastifyInstance> {
  const o = { ...defaultApiOptions, ...options };
  const app = Fastify({
    logger: o.logger === false ? false : { ...(typeof o.logger === 'object' ? o.logger : {}), redact: ['req.headers.authorization'] },
    bodyLimit: o.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    requestTimeout: o.requestTimeoutMs,
    // Node checks request and header timeouts on this interval (30 s by default, too coarse for short timeouts).
    http: { connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(o.requestTimeoutMs / 4))) },
    clientErrorHandler,
    // A bad percent-encoding or an over-long path parameter, in the registry's shape.
    frameworkErrors: errorHandler,
  });
  app.server.headersTimeout = Math.min(60_000, o.requestTimeoutMs);
  closeStalledBodies(app, o.bodyIdleTimeoutMs);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send(errorPayload('ABG_ERR_ROUTE_NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}; see /docs for the API.`, req.id)));
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Abgleich API', version: o.version, description: 'Lawful, auditable face and media matching. Every /v1 route needs a bearer token.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API token `abg_…`' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const limits = uploadLimitsPlugin(app, { fileBytes: o.uploadLimit, totalBytes: o.uploadTotalLimit, files: o.uploadFiles, fields: o.uploadFields, fieldBytes: 1024 * 1024 });
  await app.register(multipart, { limits });
  await app.register(rateLimit, {
    global: true,
    max: o.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const id = parseTokenId(bearerToken(req) ?? '');
      return id ? `token:${id}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) => new AbgError('ABG_ERR_RATE_LIMITED', `Limit ${ctx.max} per minute.`, { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  healthRoutes(app, services, o.version);
  logPublicRoutes(app, services.audit);
  await app.register(async (v1) => {
    requireAuth(v1, services.auth);
    agencyRoutes(v1, services);
    userRoutes(v1, services);
    tokenRoutes(v1, services);
    galleryRoutes(v1, services);
    logRoutes(v1, services.audit);
    subjectRoutes(v1, services);
    exchangeRoutes(v1, services);
    agreementRoutes(v1, services);
    searchRoutes(v1, services);
    hitRoutes(v1, services);
    disclosureRoutes(v1, services);
    notificationRoutes(v1, services);
    objectionRoutes(v1, services);
    hashSetRoutes(v1, services);
    triageRoutes(v1, services, o.archiveLimits);
    modelRoutes(v1, services, o.archiveLimits);
    recipientNoticeRoutes(v1, services);
    noticeRoutes(v1, services);
  });
  await app.register(webUi);
  return app;
}
