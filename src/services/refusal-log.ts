// Every refused or failed service call leaves one log entry: the services are wrapped once, where
// they are composed, by a table of method → action and the object the call touches
// (refusal-rules.ts). The entry is written in its own transaction after the failed one rolled
// back; it names the actor, the error code, the object and galleries, purpose and case, never a probe.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../domain/entities.ts';
import { isAbgError, type ErrorCode } from '../domain/errors.ts';
import type { LogEntry } from '../domain/log-entry.ts';
import type { Store } from '../store/store.ts';
import type { AuditedDeps } from './write-with-log-entry.ts';

/** What a refusal entry says about the object of the call; every field optional. */
export interface RefusalFacts {
  object?: { type: string; id: string } | undefined;
  galleries?: string[] | undefined;
  purpose?: string | undefined;
  caseRef?: string | undefined;
  authorisationRef?: string | undefined;
}

/** How one service method's refusals are logged: the action, and the facts read from its arguments. */
export interface RefusalRule<Args extends unknown[]> {
  action: string;
  facts?: (args: Args, store: Store) => RefusalFacts | Promise<RefusalFacts>;
}

/** A method that never logs its refusals, with the reason why (no actor, or no object). */
export interface Unlogged {
  unlogged: string;
}

type ActorMethod = (actor: Actor, ...rest: never[]) => Promise<unknown>;
type ActorMethodName<S> = { [K in keyof S]: S[K] extends ActorMethod ? K : never }[keyof S];
type RestArgs<F> = F extends (actor: Actor, ...rest: infer R) => unknown ? R : never;

/** One rule for every method that takes an actor: the compiler refuses a table that leaves one out. */
export type RefusalTable<S> = { [K in ActorMethodName<S>]: RefusalRule<RestArgs<S[K]>> | Unlogged };

/** Codes that never reach an object (malformed requests, authentication, infrastructure): no entry. */
const unloggedCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ABG_ERR_VALIDATION', 'ABG_ERR_NO_VALID_ROWS', 'ABG_ERR_MALFORMED_HASH', 'ABG_ERR_MALFORMED_TMK', 'ABG_ERR_MALFORMED_JSON', 'ABG_ERR_UNSUPPORTED_MEDIA_TYPE', 'ABG_ERR_BODY_TOO_LARGE', 'ABG_ERR_MALFORMED_MULTIPART',
  'ABG_ERR_TOO_MANY_PARTS', 'ABG_ERR_MALFORMED_URL', 'ABG_ERR_HEADERS_TOO_LARGE', 'ABG_ERR_REQUEST_TIMEOUT', 'ABG_ERR_ROUTE_NOT_FOUND',
  'ABG_ERR_RATE_LIMITED', 'ABG_ERR_UNAUTHENTICATED', 'ABG_ERR_TOKEN_EXPIRED', 'ABG_ERR_TOKEN_REVOKED', 'ABG_ERR_CONFIG',
  'ABG_ERR_DB_UNREACHABLE', 'ABG_ERR_BUSY', 'ABG_ERR_NOT_INITIALISED', 'ABG_ERR_KEY_MISSING', 'ABG_ERR_AUDIT_UNAVAILABLE', 'ABG_ERR_INTERNAL',
]);

/** Policy refusals: outcome "denied". Every other logged code is an attempt that could not complete: "failed". */
const deniedCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ABG_ERR_FORBIDDEN', 'ABG_ERR_NOT_FOUND', 'ABG_ERR_NO_AGREEMENT', 'ABG_ERR_AGREEMENT_ENDED', 'ABG_ERR_DISCLOSURE_NOT_APPROVED',
  'ABG_ERR_ACCURACY_GATE', 'ABG_ERR_OBJECTION', 'ABG_ERR_SUBJECT_ERASED', 'ABG_ERR_RESTRICTED', 'ABG_ERR_ONWARD_TRANSFER', 'ABG_ERR_NOTICE_FOUR_EYES',
]);

/** The outcome a refusal with this code is logged with, or null when it is not logged. */
export function refusalOutcome(code: ErrorCode): 'denied' | 'failed' | null {
  if (unloggedCodes.has(code)) return null;
  return deniedCodes.has(code) ? 'denied' : 'failed';
}

// Facts a service learned before it failed (the search id and the galleries of a started search).
const learned = new WeakMap<object, RefusalFacts>();
// Calls made from inside a wrapped call are logged by the outermost one only.
const inCall = new AsyncLocalStorage<true>();

/** Runs `work`; when it throws, the refusal entry also carries `facts` (known only inside the service). */
export async function withRefusalFacts<T>(facts: RefusalFacts, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (typeof e === 'object' && e !== null && !learned.has(e)) learned.set(e, facts);
    throw e;
  }
}

/** Wraps the service's methods named in `table` so that each refusal appends one entry; returns the service. */
export function logRefusals<S extends object>(service: S, table: RefusalTable<S>, deps: AuditedDeps): S {
  const target = service as Record<string, unknown>;
  for (const [name, rule] of Object.entries(table) as [string, RefusalRule<unknown[]> | Unlogged][]) {
    const original = target[name];
    if (typeof original !== 'function') throw new Error(`The refusal table names ${name}, which is not a method.`);
    if ('unlogged' in rule) continue;
    target[name] = async (...args: unknown[]) => {
      if (inCall.getStore()) return original.apply(service, args);
      try {
        return await inCall.run(true, () => original.apply(service, args));
      } catch (e) {
        await appendRefusal(deps, rule, args, e);
        throw e;
      }
    };
  }
  return service;
}

async function appendRefusal(deps: AuditedDeps, rule: RefusalRule<unknown[]>, args: unknown[], error: unknown): Promise<void> {
  if (!isAbgError(error)) return;
  const outcome = refusalOutcome(error.code);
  const actor = args[0] as Actor | undefined;
  if (!outcome || !actor?.userId) return;
  try {
    const facts = { ...(await rule.facts?.(args.slice(1), deps.store)), ...learned.get(error) };
    await deps.store.transaction((tx) => deps.audit.append({ action: rule.action, actor, outcome, reason: error.code, ...clean(facts) }, tx));
  } catch {
    // The refusal stands without its entry when the log cannot take it; the caller gets the original error.
  }
}

const text = (s: unknown) => (typeof s === 'string' && s.length > 0 ? s.slice(0, 1000) : undefined);
const id = (s: unknown) => (typeof s === 'string' && s.length > 0 && s.length <= 200 ? s : undefined);

/** Only values the entry schema accepts: a refusal of a malformed argument is still logged. */
function clean(f: RefusalFacts): Partial<Pick<LogEntry, 'object' | 'galleries' | 'purpose' | 'caseRef' | 'authorisationRef'>> {
  const objectId = id(f.object?.id);
  const galleries = (f.galleries ?? []).filter((g) => id(g) !== undefined).slice(0, 1000);
  const out: ReturnType<typeof clean> = {};
  if (f.object && objectId) out.object = { type: f.object.type, id: objectId };
  if (galleries.length > 0) out.galleries = [...new Set(galleries)];
  for (const k of ['purpose', 'caseRef', 'authorisationRef'] as const) {
    const v = text(f[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}
