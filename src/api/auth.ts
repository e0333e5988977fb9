// Bearer-token authentication for the /v1 scope: resolves the actor once per request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import type { AuthService } from '../services/auth.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

export function requireAuth(app: FastifyInstance, auth: AuthService) {
  app.addHook('preHandler', async (request) => {
    request.actor = await auth.authenticate(bearerToken(request));
  });
}

/** The authenticated actor of a request under the /v1 scope. */
export function actorOf(request: FastifyRequest): Actor {
  return request.actor ?? fail('ABG_ERR_UNAUTHENTICATED');
}
