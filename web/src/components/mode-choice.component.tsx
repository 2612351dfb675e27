// Automatic or manual approval for one administration (combined with the portal's approval policy).
import { useTranslation } from 'react-i18next';

import { linkModes } from '../api/administrations.api.js';
import { RadioGroup } from './radio-group.component.js';

import type { LinkMode } from '../api/administrations.api.js';

export function ModeChoice({ value, onChange }: { value: LinkMode; onChange: (mode: LinkMode) => void }) {
  const { t } = useTranslation();
  return (
    <RadioGroup
      legend={t('link.modeLegend')}
      name="mode"
      value={value}
      onChange={onChange}
      options={linkModes.map((mode) => ({
        value: mode,
        label: t(`link.modes.${mode}`),
        description: t(`link.modeDescriptions.${mode}`),
      }))}
    />
  );
}
