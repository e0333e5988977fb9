// Names of agencies and galleries for a page: each list is asked for once per page however many
// parts of it show names, so that ids appear only as secondary text. The provider is keyed by the
// path in App.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api, call } from './api/client.ts';
import { useLoad, type Loaded } from './hooks.ts';

type Names = Map<string, string>;
interface NameSources {
  agencies(): Promise<Names>;
  galleries(): Promise<Names>;
}
const PageNames = createContext<NameSources | null>(null);

/** Loads once and remembers the answer; a failed load is tried again next time. */
function once(load: () => Promise<Names>): () => Promise<Names> {
  let pending: Promise<Names> | undefined;
  return () =>
    (pending ??= load().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
}

export function NamesProvider({ children }: { children: ReactNode }) {
  const sources = useMemo<NameSources>(() => ({
    agencies: once(() => call(api.GET('/v1/agencies')).then((r) => new Map(r.agencies.map((a) => [a.id, a.name])))),
    galleries: once(() => call(api.GET('/v1/gallery-names')).then((r) => new Map(r.galleries.map((g) => [g.id, g.name])))),
  }), []);
  return <PageNames.Provider value={sources}>{children}</PageNames.Provider>;
}

function useSources(): NameSources {
  const sources = useContext(PageNames);
  if (!sources) throw new Error('names used outside NamesProvider');
  return sources;
}

/** The names of all agencies by id, loaded once for the page. */
export function useAgencyNames(): Loaded<Names> {
  const { agencies } = useSources();
  return useLoad(agencies, [agencies]);
}

/** Gallery names by id: the agency's own and those named in its agreements, loaded once for the page. */
export function useGalleryNames(): Loaded<Names> {
  const { galleries } = useSources();
  return useLoad(galleries, [galleries]);
}
