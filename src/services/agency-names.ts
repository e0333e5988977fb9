// Agency names for one answer that lists many items: each agency is read once.
import type { Store } from '../store/store.ts';

/** A lookup of agency names, memoised for the life of the returned function ('' for an unknown agency). */
export function agencyNames(store: Pick<Store, 'agencies'>): (id: string) => Promise<string> {
  const names = new Map<string, Promise<string>>();
  return (id) => {
    let name = names.get(id);
    if (!name) names.set(id, (name = store.agencies.get(id).then((a) => a?.name ?? '')));
    return name;
  };
}
