// Settings → portal: how approved changes reach Yuki (assisted tasks, or the unpublished automatic write).
import { useTranslation } from 'react-i18next';

import { getWriteMode, saveWriteMode, writeModes } from '../api/yuki-tasks.api.js';
import { ChoiceSetting } from './choice-setting.component.js';

import type { WriteMode as Mode } from '../api/yuki-tasks.api.js';

export function WriteMode({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const texts = {
    title: t('writeMode.title'),
    current: t('writeMode.current'),
    legend: t('writeMode.legend'),
    saved: t('writeMode.saved'),
    option: (mode: Mode) => t(`writeMode.options.${mode}`),
    description: (mode: Mode) => t(`writeMode.descriptions.${mode}`),
  };
  return (
    <ChoiceSetting
      texts={texts}
      name="mode"
      testId="write-mode-setting"
      choices={writeModes}
      load={getWriteMode}
      save={saveWriteMode}
      isAdmin={isAdmin}
    />
  );
}
