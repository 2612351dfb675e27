// Layout for the pages shown without a session (setup, login, loading): brand, language switch, content.
import { Header } from './header.component.js';

import type { ReactNode } from 'react';

export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <Header />
      <main id="main" className="main main-narrow" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
