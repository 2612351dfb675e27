// A Mantine table's header row: one column header per label (an optional first cell, e.g. select-all, before them).
import { Table } from '@mantine/core';

import type { ReactNode } from 'react';

export function ColumnHeads({ labels, first }: { labels: readonly string[]; first?: ReactNode }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {first === undefined ? null : <Table.Th scope="col">{first}</Table.Th>}
        {labels.map((label) => (
          <Table.Th key={label} scope="col">
            {label}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}
