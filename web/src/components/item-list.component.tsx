// A list read by a query (its items, or a sentence when there are none), and the small buttons acting on one item.
import { Button, Text } from '@mantine/core';

import { QueryState } from './query-state.component.js';

import type { ButtonProps } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

type QueryListProps<T> = {
  query: UseQueryResult<readonly T[]>;
  empty: string;
  children: (item: T) => ReactNode;
};

export function QueryList<T>({ query, empty, children }: QueryListProps<T>) {
  return (
    <QueryState query={query}>
      {(items) => (items.length === 0 ? <Text className="empty-state">{empty}</Text> : <ul>{items.map(children)}</ul>)}
    </QueryState>
  );
}

type ItemButtonProps = ButtonProps & {
  /** Said after the label to screen readers, so "Rotate" names which of the items it rotates. */
  itemName: string;
  onClick: () => void;
  'aria-expanded'?: boolean;
  children: ReactNode;
};

export function ItemButton({ itemName, children, ...buttonProps }: ItemButtonProps) {
  return (
    <Button variant="default" size="compact-sm" {...buttonProps}>
      {children}
      <span className="visually-hidden"> {itemName}</span>
    </Button>
  );
}
