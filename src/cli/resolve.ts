// Galleries, agencies and users named on the command line by name or by id.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import type { Services } from '../services/services.ts';

export interface Named { id: string; name: string }

const looksLikeId = (ref: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);

/**
 * The id of `ref` among the objects `load` lists: its id, its exact name, or its name in any case.
 * A name that matches several is ABG_ERR_AMBIGUOUS_NAME, an unknown name ABG_ERR_NOT_FOUND, both
 * listing the candidates. An id not listed, or any ref when the list may not be read, is passed on
 * unchanged for the service to decide.
 */
export async function resolveRef(kind: 'gallery' | 'agency' | 'user', ref: string, load: () => Promise<Named[]>): Promise<string> {
  let all: Named[];
  try {
    all = await load();
  } catch {
    return ref;
  }
  if (all.some((c) => c.id === ref)) return ref;
  const exact = all.filter((c) => c.name === ref);
  const matches = exact.length > 0 ? exact : all.filter((c) => c.name.toLowerCase() === ref.toLowerCase());
  const candidates = (list: Named[]) => list.map((c) => ({ id: c.id, name: c.name }));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length > 1) {
    fail('ABG_ERR_AMBIGUOUS_NAME', `${kind} "${ref}" is the name of ${matches.length}: ${matches.map((c) => c.id).join(', ')}.`, { candidates: candidates(matches) });
  }
  if (looksLikeId(ref)) return ref;
  const Kind = kind[0]!.toUpperCase() + kind.slice(1);
  const known = all.map((c) => `"${c.name}"`).join(', ');
  return fail('ABG_ERR_NOT_FOUND', `${Kind} ${ref}: no ${kind} has this name or id${known ? `; known: ${known}` : ''}.`, { candidates: candidates(all) });
}

/** `resolveRef` for each entry of a comma-separated list. */
export async function resolveRefs(kind: 'gallery' | 'agency' | 'user', refs: string[], load: () => Promise<Named[]>): Promise<string[]> {
  let cached: Promise<Named[]> | undefined;
  const once = () => (cached ??= load());
  const out: string[] = [];
  for (const ref of refs) out.push(await resolveRef(kind, ref, once));
  return out;
}

/** A lookup from id to name over what `load` lists; an id it does not know (or a list it may not read) stays the id. */
export async function namesOf(load: () => Promise<Named[]>): Promise<(id: string | null | undefined) => string> {
  const byId = new Map((await load().catch(() => [] as Named[])).map((c) => [c.id, c.name]));
  return (id) => (id ? byId.get(id) ?? id : '');
}

/** A gallery of the actor's agency by name or id. */
export const galleryRef = (s: Services, actor: Actor, ref: string) => resolveRef('gallery', ref, () => s.galleries.list(actor));
/** Galleries of the actor's agency, each by name or id; the list is read once. */
export const galleryRefs = (s: Services, actor: Actor, refs: string[]) => resolveRefs('gallery', refs, () => s.galleries.list(actor));
/** An agency by name or id. */
export const agencyRef = (s: Services, actor: Actor, ref: string) => resolveRef('agency', ref, () => s.agencies.list(actor));
/** A user of the actor's agency by name or id. */
export const userRef = (s: Services, actor: Actor, ref: string) => resolveRef('user', ref, () => s.users.list(actor));
