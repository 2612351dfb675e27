// Automatic or manual approval for one or many administrations (combined with the portal's approval policy).
import { Radio, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { linkModes } from '../api/administrations.api.js';

import type { LinkMode } from '../api/administrations.api.js';

type ModeChoiceProps = { value: LinkMode; onChange: (mode: LinkMode) => void; legend?: string };

export function ModeChoice({ value, onChange, legend }: ModeChoiceProps) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      label={legend ?? t('link.modeLegend')}
      value={value}
      onChange={(chosen) => {
        const mode = linkModes.find((candidate) => candidate === chosen);
        if (mode !== undefined) onChange(mode);
      }}
    >
      <Stack gap="xs" mt="xs">
        {linkModes.map((mode) => (
          <Radio
            key={mode}
            value={mode}
            label={t(`link.modes.${mode}`)}
            description={t(`link.modeDescriptions.${mode}`)}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}
