// Status: the health of every connection (sync, credentials, quota) and of caller ID (sources, phone systems).
import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { CallerIdHealth } from '../components/callerid-health.component.js';
import { Health } from '../components/health.component.js';
import { Page } from '../components/page.component.js';
import { QueryState } from '../components/query-state.component.js';
import { useConnections } from '../settings-queries.js';

/** The systems besides the CRMs (whose names come with the CRM systems list). */
const otherSystems: Partial<Record<string, string>> = { yuki: 'Yuki', accountview: 'AccountView' };

export function StatusPage() {
  const { t } = useTranslation();
  const connections = useConnections();
  return (
    <Page title={t('pages.status.title')} description={t('pages.status.description')}>
      <QueryState query={connections}>
        {(data) => (
          <Stack>
            <Health
              systemName={(id) =>
                data.systems.find((system) => system.id === id)?.displayName ?? otherSystems[id] ?? id
              }
            />
            <CallerIdHealth />
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
