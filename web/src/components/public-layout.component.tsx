// Layout for the pages shown without a session (setup, login, loading): brand, language menu, a narrow card.
import { AppShell, Container, Paper } from '@mantine/core';

import { Header } from './header.component.js';

import type { ReactNode } from 'react';

export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Header />
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1} bg="gray.0">
        <Container size={460} px={0} py="xl">
          <Paper shadow="xs" p={{ base: 'md', sm: 'xl' }}>
            {children}
          </Paper>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
