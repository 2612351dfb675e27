// The libraries every page relies on: Mantine (theme, notifications, modals), TanStack Query and the browser router.
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';

import { queryClient } from './query-client.js';
import { cssVariablesResolver, theme } from './theme.js';

import type { ReactNode } from 'react';

/** The page's CSP nonce for inline <style> (the server writes it into index.html per answer). */
function styleNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} getStyleNonce={styleNonce} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <ModalsProvider>{children}</ModalsProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
