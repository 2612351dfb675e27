// The settings sub-pages only portal administrators see: each a stack of titled sections, one per part of the set-up.
import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { AccountViewConnection } from '../../components/accountview-connection.component.js';
import { CallerIdAssignments } from '../../components/callerid-assignments.component.js';
import { PhoneSystems } from '../../components/phone-systems.component.js';
import { ScreenPopAddresses } from '../../components/screen-pop-addresses.component.js';
import { Section } from '../../components/section.component.js';
import { SsoSettings } from '../../components/sso-settings.component.js';
import { Users } from '../../components/users.component.js';
import { YukiContactDomains } from '../../components/yuki-contact-domains.component.js';

import type { ComponentType } from 'react';
import type { SettingsPage } from '../../router.js';

/** Each sub-page's sections, in order: the title's locale key and what the section shows. */
const sectionsOf = {
  // Nummerherkenning: the caller-ID sources (AccountView, Yuki contact domains) and who gets which pop-ups.
  'caller-id': [
    ['callerid.accountview.section', AccountViewConnection],
    ['callerid.yuki.section', YukiContactDomains],
    ['callerid.assign.section', CallerIdAssignments],
  ],
  // Telefooncentrales: the phone systems that report calls, and the screen-pop addresses for CTI clients.
  'phone-systems': [
    ['callerid.pbx.section', PhoneSystems],
    ['callerid.screenPop.section', ScreenPopAddresses],
  ],
  // Gebruikers: the portal's users (roles, domains, deactivation) and single sign-on.
  users: [
    ['settings.users', Users],
    ['settings.sso', SsoSettings],
  ],
} as const satisfies Partial<Record<SettingsPage, readonly (readonly [string, ComponentType])[]>>;

export type AdminSettingsPage = keyof typeof sectionsOf;

export function AdminSettings({ page }: { page: AdminSettingsPage }) {
  const { t } = useTranslation();
  return (
    <Stack>
      {sectionsOf[page].map(([titleKey, Content]) => (
        <Section key={titleKey} title={t(titleKey)}>
          <Content />
        </Section>
      ))}
    </Stack>
  );
}
