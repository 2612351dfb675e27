// A settings panel (a connection, a portal-wide choice) on its own card, and the note that only administrators change it.
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { ReactNode } from 'react';

export function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper className="panel">
      <Stack gap="sm">
        <Title order={3} fz="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** Shown to an employee where an administrator would have the buttons. */
export function AdminOnlyNote() {
  const { t } = useTranslation();
  return (
    <Text c="dimmed" size="sm">
      {t('settings.adminOnly')}
    </Text>
  );
}
