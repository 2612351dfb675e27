// The header row of a Mantine table: one column header per column (an optional first cell, e.g. select-all, before them).
import { Table } from '@mantine/core';

import type { ReactNode } from 'react';

/** A plain label is its own key; a column with a key may carry any label (e.g. a visually hidden one). */
type Column = string | { readonly key: string; readonly label: ReactNode };

export function ColumnHeads({ columns, first }: { columns: readonly Column[]; first?: ReactNode }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {first === undefined ? null : <Table.Th scope="col">{first}</Table.Th>}
        {columns.map((column) => {
          const { key, label } = typeof column === 'string' ? { key: column, label: column } : column;
          return (
            <Table.Th key={key} scope="col">
              {label}
            </Table.Th>
          );
        })}
      </Table.Tr>
    </Table.Thead>
  );
}

/** Columns whose key is also the last part of their translation key. */
export function labelled<K extends string>(keys: readonly K[], label: (key: K) => string): { key: K; label: string }[] {
  return keys.map((key) => ({ key, label: label(key) }));
}
