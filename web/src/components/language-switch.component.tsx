// The header's language menu; each language is named in itself so it can be found without reading the other.
import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { chooseLanguage, languages } from '../i18n.js';

const names = { nl: 'Nederlands', en: 'English' } as const;

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage === 'nl' ? 'nl' : 'en';
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="gray" px="xs" aria-label={`${t('language.label')}: ${current.toUpperCase()}`}>
          {current.toUpperCase()}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {languages.map((language) => (
          <Menu.Item
            key={language}
            lang={language}
            aria-current={language === current ? 'true' : undefined}
            fw={language === current ? 700 : undefined}
            onClick={() => {
              void chooseLanguage(language);
            }}
          >
            {names[language]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
