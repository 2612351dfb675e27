// Settings → Nummerherkenning: the caller-ID sources (AccountView, Yuki contact domains) and who gets which pop-ups.
import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { AccountViewConnection } from '../../components/accountview-connection.component.js';
import { CallerIdAssignments } from '../../components/callerid-assignments.component.js';
import { Section } from '../../components/section.component.js';
import { YukiContactDomains } from '../../components/yuki-contact-domains.component.js';

export function CallerIdSettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Section title={t('callerid.accountview.section')}>
        <AccountViewConnection />
      </Section>
      <Section title={t('callerid.yuki.section')}>
        <YukiContactDomains />
      </Section>
      <Section title={t('callerid.assign.section')}>
        <CallerIdAssignments />
      </Section>
    </Stack>
  );
}
