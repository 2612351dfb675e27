// A titled part of a page (a region named by its <h2>), on a card.
import { Paper, Stack, Title } from '@mantine/core';
import { useId } from 'react';

import type { ReactNode } from 'react';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper component="section" aria-labelledby={id} className="section">
      <Stack gap="sm">
        <Title order={2} id={id} fz="h3">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
