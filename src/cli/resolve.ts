// Galleries, agencies and users named on the command line by name or by id.
import { fail } from '../domain/errors.ts';
import type { Api } from './client/api.ts';

export interface Named { id: string; name: string }

/** True for a UUID, the form of every object id. */
export const looksLikeId = (ref: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);

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

/** The galleries of your agency, as the API lists them. */
export const ownGalleries = (api: Api) => async (): Promise<Named[]> => (await api.call(api.client.GET('/v1/galleries'))).galleries;
/** The galleries you may search: your own and those shared with you under agreements. */
export const searchableGalleries = (api: Api) => async (): Promise<Named[]> => (await api.call(api.client.GET('/v1/searchable-galleries'))).galleries;
/** Your galleries and those named in your agency's agreements (either side), for naming galleries in answers. */
export const knownGalleries = (api: Api) => async (): Promise<Named[]> => (await api.call(api.client.GET('/v1/gallery-names'))).galleries;
/** The agencies, as the API lists them. */
export const agencies = (api: Api) => async (): Promise<Named[]> => (await api.call(api.client.GET('/v1/agencies'))).agencies;
/** The users of your agency, as the API lists them. */
export const users = (api: Api) => async (): Promise<Named[]> => (await api.call(api.client.GET('/v1/users'))).users;

/** A gallery of your agency by name or id. */
export const galleryRef = (api: Api, ref: string) => resolveRef('gallery', ref, ownGalleries(api));
/** Galleries of your agency, each by name or id; the list is read once. */
export const galleryRefs = (api: Api, refs: string[]) => resolveRefs('gallery', refs, ownGalleries(api));
/** Galleries you may search (your own and partners'), each by name or id. */
export const searchableGalleryRefs = (api: Api, refs: string[]) => resolveRefs('gallery', refs, searchableGalleries(api));
/** An agency by name or id. */
export const agencyRef = (api: Api, ref: string) => resolveRef('agency', ref, agencies(api));
/** A user of your agency by name or id. */
export const userRef = (api: Api, ref: string) => resolveRef('user', ref, users(api));
