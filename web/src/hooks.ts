// Loading and acting through the API with errors a person can read; a refused token ends the session.
import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from './api/errors.ts';
import { mayDo, type UiAction } from './access.ts';
import { useSession } from './session.tsx';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload(): void;
}

/** Loads data when `deps` change. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const session = useSession();
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    loadRef.current().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => {
        const err = toApiError(e);
        if (err.endsSession) session.end(err);
        else if (live) setState({ error: err, loading: false });
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

export interface Action {
  busy: boolean;
  error?: ApiError;
  /** Runs `act`; returns its result, or undefined when it failed (the error is kept). */
  run<T>(act: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

/** State for one button or form that calls the API. */
export function useAction(): Action {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = useCallback(
    async <T,>(act: () => Promise<T>) => {
      setBusy(true);
      setError(undefined);
      try {
        return await act();
      } catch (e) {
        const err = toApiError(e);
        if (err.endsSession) session.end(err);
        else setError(err);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [session],
  );
  return { busy, error, run, clear: useCallback(() => setError(undefined), []) };
}

/** `may(action)` for the signed-in user: whether their roles may take it (access.ts). */
export function useMay(): (action: UiAction) => boolean {
  const { me } = useSession();
  return (action) => mayDo(me.roles, action);
}
