// A button that runs one mutation (disconnect, end a grant, save access), with the mutation's error above it.
import { Button } from '@mantine/core';

import { toApiError } from '../api.js';
import { ErrorAlert } from './feedback.component.js';

import type { UseMutationResult } from '@tanstack/react-query';

export function ActionButton({ action, label }: { action: UseMutationResult<unknown, Error, void>; label: string }) {
  return (
    <>
      <ErrorAlert error={action.error === null ? null : toApiError(action.error)} />
      <div>
        <Button
          variant="default"
          loading={action.isPending}
          onClick={() => {
            action.mutate();
          }}
        >
          {label}
        </Button>
      </div>
    </>
  );
}
