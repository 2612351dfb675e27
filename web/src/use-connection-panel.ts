// State of a connection panel in Settings: the connect/change form, the notice, and the running action or disconnect.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

import { toApiError } from './api.js';

import type { ApiError } from './api.js';

export type ConnectionBusy = { action: string; error: ApiError | null; pending: boolean } | null;

/** One of the panel's actions (`disconnect` or its own); it resolves to the notice it leaves when done. */
type PanelAction = { action: string; run: () => Promise<string> };

export function useConnectionPanel(onChanged: () => void) {
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmingDisconnect, setConfirmingDisconnect] = useState(false);
  const mutation = useMutation({
    mutationFn: ({ run }: PanelAction) => run(),
    onSuccess: (message) => {
      setConfirmingDisconnect(false);
      setNotice(message);
      onChanged();
    },
  });
  const running = mutation.variables?.action ?? null;
  const busy: ConnectionBusy =
    running !== null && (mutation.isPending || mutation.isError)
      ? {
          action: running,
          pending: mutation.isPending,
          error: mutation.error === null ? null : toApiError(mutation.error),
        }
      : confirmingDisconnect
        ? { action: 'disconnect', pending: false, error: null }
        : null;

  return {
    editing,
    notice,
    setNotice,
    busy,
    /** Runs an action; on success shows `done(result)` and has the page read the connections again. */
    run<T>(action: string, work: () => Promise<T>, done: (result: T) => string): void {
      mutation.mutate({ action, run: async () => done(await work()) });
    },
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
      mutation.reset();
      setConfirmingDisconnect(true);
    },
    cancelDisconnect: (): void => {
      mutation.reset();
      setConfirmingDisconnect(false);
    },
  };
}

export type ConnectionPanelState = ReturnType<typeof useConnectionPanel>;
