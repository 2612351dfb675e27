// State of a connection panel in Settings: the connect/change form, the notice, and the running action or disconnect.
import { useState } from 'react';

import { toApiError } from './api.js';

import type { ApiError } from './api.js';

export type ConnectionBusy = { action: string; error: ApiError | null; pending: boolean } | null;

export function useConnectionPanel(onChanged: () => void) {
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<ConnectionBusy>(null);

  /** Runs an action (`disconnect` or the panel's own); on success shows `done(result)` and reloads. */
  function run<T>(action: string, work: () => Promise<T>, done: (result: T) => string): void {
    setBusy({ action, error: null, pending: true });
    work().then(
      (result) => {
        setBusy(null);
        setNotice(done(result));
        onChanged();
      },
      (error: unknown) => {
        setBusy({ action, error: toApiError(error), pending: false });
      },
    );
  }

  return {
    editing,
    notice,
    setNotice,
    busy,
    run,
    edit: (): void => {
      setNotice(null);
      setEditing(true);
    },
    cancelEdit: (): void => {
      setEditing(false);
    },
    saved: (message: string): void => {
      setEditing(false);
      setNotice(message);
      onChanged();
    },
    askDisconnect: (): void => {
      setNotice(null);
      setBusy({ action: 'disconnect', error: null, pending: false });
    },
    cancelDisconnect: (): void => {
      setBusy(null);
    },
  };
}

export type ConnectionPanelState = ReturnType<typeof useConnectionPanel>;
