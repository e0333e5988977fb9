// What every service receives: the store and injectable sources of time and ids.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.ts';

export interface ServiceDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
}

export function defaultDeps(store: Store): ServiceDeps {
  return { store, now: () => new Date(), newId: () => randomUUID() };
}
