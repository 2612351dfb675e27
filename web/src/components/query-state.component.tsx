// What a panel shows for a TanStack query: a loader, a failure in the reader's language with a retry, or the data;
// and the button that reads a query again.
import { Button, Group, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { ErrorAlert } from './feedback.component.js';

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (query.data !== undefined) return children(query.data);
  if (query.isError) {
    return (
      <Group className="load-error" align="center">
        <ErrorAlert error={toApiError(query.error)} />
        <Button
          variant="default"
          onClick={() => {
            void query.refetch();
          }}
        >
          {t('app.retry')}
        </Button>
      </Group>
    );
  }
  return (
    <Group role="status" aria-label={t('app.loading')} p="sm">
      <Loader size="sm" />
    </Group>
  );
}

/** Reads the query again (the data stays on screen meanwhile); loading while it is read. */
export function RefreshButton({ query, children }: { query: UseQueryResult; children: ReactNode }) {
  return (
    <Button
      variant="default"
      loading={query.isFetching}
      onClick={() => {
        void query.refetch();
      }}
    >
      {children}
    </Button>
  );
}
