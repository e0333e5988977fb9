// Agency names for a page: asked for once per page however many parts of it show agencies, so that
// ids appear only as secondary text. The provider is keyed by the path in App.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api, call } from './api/client.ts';
import { useLoad, type Loaded } from './hooks.ts';

type Names = Map<string, string>;
const AgencyNames = createContext<(() => Promise<Names>) | null>(null);

export function AgencyNamesProvider({ children }: { children: ReactNode }) {
  const get = useMemo(() => {
    let pending: Promise<Names> | undefined;
    return () =>
      (pending ??= call(api.GET('/v1/agencies')).then(
        (r) => new Map(r.agencies.map((a) => [a.id, a.name])),
        (e: unknown) => {
          pending = undefined;
          throw e;
        },
      ));
  }, []);
  return <AgencyNames.Provider value={get}>{children}</AgencyNames.Provider>;
}

/** The names of all agencies by id, loaded once for the page. */
export function useAgencyNames(): Loaded<Names> {
  const get = useContext(AgencyNames);
  if (!get) throw new Error('useAgencyNames outside AgencyNamesProvider');
  return useLoad(get, [get]);
}
