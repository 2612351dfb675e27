// Loads data for a page or panel: loading, error or ready, a reload, and no state updates after unmounting.
import { useCallback, useEffect, useState } from 'react';

import { toApiError } from './api.js';

import type { DependencyList } from 'react';
import type { ApiError } from './api.js';

export type Loaded<T> = { kind: 'loading' } | { kind: 'error'; error: ApiError } | { kind: 'ready'; data: T };

/** `load` runs again whenever `deps` change or `reload()` is called; the previous data stays visible meanwhile. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): { state: Loaded<T>; reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    load().then(
      (data) => {
        if (current) setState({ kind: 'ready', data });
      },
      (error: unknown) => {
        if (current) setState({ kind: 'error', error: toApiError(error) });
      },
    );
    return () => {
      current = false;
    };
    // The caller lists what `load` depends on, as with useEffect; `load` itself may be a new closure each render.
  }, [version, ...deps]);

  const reload = useCallback(() => {
    setVersion((value) => value + 1);
  }, []);
  return { state, reload };
}
