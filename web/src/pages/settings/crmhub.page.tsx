// Settings → CRMHub: the CRM connection, the intake sources (push API / file import) and the approval policy.
import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ApprovalPolicy } from '../../components/approval-policy.component.js';
import { CrmConnection } from '../../components/crm-connection.component.js';
import { IntakeSources } from '../../components/intake-sources.component.js';
import { QueryState } from '../../components/query-state.component.js';
import { Section } from '../../components/section.component.js';
import { connectionsChanged, useConnections } from '../../settings-queries.js';

import type { User } from '../../api.js';

export function CrmhubSettingsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const connections = useConnections();
  const isAdmin = user.role === 'portal_admin';
  return (
    <Stack>
      <Section title={t('settings.crmhub')}>
        <QueryState query={connections}>
          {(data) => (
            <>
              <CrmConnection
                connection={data.crm}
                systems={data.systems}
                isAdmin={isAdmin}
                onChanged={connectionsChanged}
              />
              {isAdmin ? <IntakeSources systems={data.systems} onChanged={connectionsChanged} /> : null}
            </>
          )}
        </QueryState>
        <ApprovalPolicy isAdmin={isAdmin} />
      </Section>
    </Stack>
  );
}
