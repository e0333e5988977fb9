// Closes connections whose request body stops arriving: after `idleMs` without a byte, a request
// still being received is answered 408 ABG_ERR_REQUEST_TIMEOUT and its connection closed. A
// request whose body has arrived is left alone however long its handler works.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AbgError } from '../domain/errors.ts';
import { refuseOnSocket } from './error-handler.ts';

/** Installs the body idle timeout on the app's server (0 turns it off). */
export function closeStalledBodies(app: FastifyInstance, idleMs: number): void {
  if (idleMs <= 0) return;
  const ids = new WeakMap<object, string>();
  app.addHook('onRequest', async (req) => {
    ids.set(req.raw, req.id);
  });
  app.server.setTimeout(idleMs, (socket: Socket) => {
    const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (!res) {
      // An idle keep-alive connection, or headers that stopped arriving.
      socket.destroy();
      return;
    }
    if (res.req.complete) return;
    const id = ids.get(res.req) ?? 'none';
    refuseOnSocket(socket, new AbgError('ABG_ERR_REQUEST_TIMEOUT', `No part of the body arrived for ${idleMs} ms.`), id);
  });
}
