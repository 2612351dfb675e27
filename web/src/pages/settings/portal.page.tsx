// Settings → Accountantsportaal: the Yuki connection (with Visma Connect) and how approved changes reach Yuki.
import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { PortalConnection } from '../../components/portal-connection.component.js';
import { QueryState } from '../../components/query-state.component.js';
import { Section } from '../../components/section.component.js';
import { WriteMode } from '../../components/write-mode.component.js';
import { connectionsChanged, useConnections } from '../../settings-queries.js';

import type { User } from '../../api.js';

export function PortalSettingsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const connections = useConnections();
  const isAdmin = user.role === 'portal_admin';
  return (
    <Stack>
      <Section title={t('settings.portal')}>
        <QueryState query={connections}>
          {(data) => <PortalConnection connection={data.portal} isAdmin={isAdmin} onChanged={connectionsChanged} />}
        </QueryState>
        <WriteMode isAdmin={isAdmin} />
      </Section>
    </Stack>
  );
}
