// The header row of a Mantine table: one column header per label (a label may be visually hidden).
import { Table } from '@mantine/core';

import type { ReactNode } from 'react';

export function ColumnHeads({ columns }: { columns: readonly { key: string; label: ReactNode }[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map(({ key, label }) => (
          <Table.Th key={key} scope="col">
            {label}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

/** Columns whose key is also the last part of their translation key. */
export function labelled<K extends string>(keys: readonly K[], label: (key: K) => string): { key: K; label: string }[] {
  return keys.map((key) => ({ key, label: label(key) }));
}
