// Layout for the pages shown without a session (setup, login, loading): brand, language switch, content.
import { useTranslation } from 'react-i18next';

import { LanguageSwitch } from './language-switch.component.js';

import type { ReactNode } from 'react';

export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <span className="brand">crmhub</span>
        <div className="header-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="main main-narrow" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
