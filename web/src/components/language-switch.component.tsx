// The header's language picker; each language is named in itself so it can be found without reading the other.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { chooseLanguage, isLanguage } from '../i18n.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={i18n.resolvedLanguage ?? 'en'}
        onChange={(event) => {
          const language = event.currentTarget.value;
          if (isLanguage(language)) void chooseLanguage(language);
        }}
      >
        <option value="nl" lang="nl">
          Nederlands
        </option>
        <option value="en" lang="en">
          English
        </option>
      </select>
    </div>
  );
}
