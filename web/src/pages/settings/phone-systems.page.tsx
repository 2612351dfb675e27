// Settings → Telefooncentrales: the phone systems that report calls, and the screen-pop addresses for CTI clients.
import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { PhoneSystems } from '../../components/phone-systems.component.js';
import { ScreenPopAddresses } from '../../components/screen-pop-addresses.component.js';
import { Section } from '../../components/section.component.js';

export function PhoneSystemsSettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Section title={t('callerid.pbx.section')}>
        <PhoneSystems />
      </Section>
      <Section title={t('callerid.screenPop.section')}>
        <ScreenPopAddresses />
      </Section>
    </Stack>
  );
}
