import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/services.ts';
import { actorOf } from '../auth.ts';
import { bearer, errorResponses, idParam } from '../schemas/common.schemas.ts';
import { createUserBody, updateUserBody, userSchema } from '../schemas/user.schemas.ts';

export function userRoutes(app: FastifyInstance, s: Services) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  r.get('/v1/me', { schema: { tags, security: bearer, summary: 'The user the token belongs to', response: { 200: userSchema, ...errorResponses } } },
    async (req) => s.users.get(actorOf(req), actorOf(req).userId));
  r.get('/v1/users', { schema: { tags, security: bearer, summary: "List your agency's users (admins)", response: { 200: z.object({ users: z.array(userSchema) }), ...errorResponses } } },
    async (req) => ({ users: await s.users.list(actorOf(req)) }));
  r.post('/v1/users', { schema: { tags, security: bearer, summary: 'Create a user in your agency (admins)', body: createUserBody, response: { 201: userSchema, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await s.users.create(actorOf(req), req.body)));
  r.get('/v1/users/:id', { schema: { tags, security: bearer, summary: 'Read a user', params: idParam, response: { 200: userSchema, ...errorResponses } } },
    async (req) => s.users.get(actorOf(req), req.params.id));
  r.patch('/v1/users/:id', { schema: { tags, security: bearer, summary: 'Change roles, name or disable a user (admins)', params: idParam, body: updateUserBody, response: { 200: userSchema, ...errorResponses } } },
    async (req) => s.users.update(actorOf(req), req.params.id, req.body));
}
