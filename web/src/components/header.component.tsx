// What every layout's header holds (the AppShell header is the banner): skip link, brand, the layout's own start
// (burger) and tools, and the language menu.
import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { LanguageSwitch } from './language-switch.component.js';

import type { ReactNode } from 'react';

export function Header({ start, tools }: { start?: ReactNode; tools?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" className="header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Group gap="sm" wrap="nowrap">
        {start}
        <Text component="span" fw={700} fz="lg" c="navy.8" className="brand">
          crmhub
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        {tools}
        <LanguageSwitch />
      </Group>
    </Group>
  );
}
