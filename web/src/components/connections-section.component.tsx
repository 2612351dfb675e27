// A settings section built on the connections list: the connection panels once the list is read, then the setting.
import { Stack } from '@mantine/core';

import { useConnections } from '../settings-queries.js';
import { QueryState } from './query-state.component.js';
import { Section } from './section.component.js';

import type { ReactNode } from 'react';

type Connections = NonNullable<ReturnType<typeof useConnections>['data']>;

type ConnectionsSectionProps = {
  title: string;
  /** Shown under the connections, and already while they are read. */
  setting: ReactNode;
  children: (connections: Connections) => ReactNode;
};

export function ConnectionsSection({ title, setting, children }: ConnectionsSectionProps) {
  const connections = useConnections();
  return (
    <Stack>
      <Section title={title}>
        <QueryState query={connections}>{children}</QueryState>
        {setting}
      </Section>
    </Stack>
  );
}
