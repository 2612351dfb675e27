// The header of every layout: skip link, brand, the layout's navigation, the language switch and its own tools.
import { useTranslation } from 'react-i18next';

import { LanguageSwitch } from './language-switch.component.js';

import type { ReactNode } from 'react';

export function Header({ children, tools }: { children?: ReactNode; tools?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <span className="brand">crmhub</span>
        {children}
        <div className="header-tools">
          <LanguageSwitch />
          {tools}
        </div>
      </header>
    </>
  );
}
