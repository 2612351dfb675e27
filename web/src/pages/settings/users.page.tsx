// Settings → Gebruikers: the portal's users (roles, domains, deactivation) and single sign-on.
import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { Section } from '../../components/section.component.js';
import { SsoSettings } from '../../components/sso-settings.component.js';
import { Users } from '../../components/users.component.js';

export function UsersSettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Section title={t('settings.users')}>
        <Users />
      </Section>
      <Section title={t('settings.sso')}>
        <SsoSettings />
      </Section>
    </Stack>
  );
}
