// The signed-in session: the token (memory, mirrored to sessionStorage so a reload keeps this tab
// signed in; see docs/web.md for why not localStorage or a cookie), the user and their agency.
import { createContext, useContext } from 'react';
import { api, call, setToken } from './api/client.ts';
import type { ApiError } from './api/errors.ts';
import type { Agency, Me } from './api/types.ts';

export interface SessionData {
  me: Me;
  agency: Agency;
}

export interface Session extends SessionData {
  /** Ends the session; with a reason when the server refused the token. */
  end(reason?: ApiError): void;
}

const storageKey = 'abgleich.token';

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}

/** Checks the token against the server and returns who it belongs to; throws ApiError. */
export async function signIn(token: string): Promise<SessionData> {
  setToken(token);
  try {
    const me = await call(api.GET('/v1/me'));
    const agency = await call(api.GET('/v1/agencies/{id}', { params: { path: { id: me.agencyId } } }));
    storage()?.setItem(storageKey, token);
    return { me, agency };
  } catch (e) {
    forgetToken();
    throw e;
  }
}

export function forgetToken() {
  setToken(null);
  storage()?.removeItem(storageKey);
}

export function rememberedToken(): string | null {
  return storage()?.getItem(storageKey) ?? null;
}

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
