// Settings → portal: how approved changes reach Yuki (assisted tasks, or the unpublished automatic write).
import { useTranslation } from 'react-i18next';

import { getWriteMode, saveWriteMode, writeModes } from '../api/yuki-tasks.api.js';
import { ChoiceSetting } from './choice-setting.component.js';

export function WriteMode({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  return (
    <ChoiceSetting
      texts={t('writeMode', { returnObjects: true })}
      name="mode"
      testId="write-mode-setting"
      choices={writeModes}
      load={getWriteMode}
      save={saveWriteMode}
      isAdmin={isAdmin}
    />
  );
}
