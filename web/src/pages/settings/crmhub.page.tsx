// Settings → CRMHub: the CRM connection, the intake sources (push API / file import) and the approval policy.
import { useTranslation } from 'react-i18next';

import { ApprovalPolicy } from '../../components/approval-policy.component.js';
import { ConnectionsSection } from '../../components/connections-section.component.js';
import { CrmConnection } from '../../components/crm-connection.component.js';
import { IntakeSources } from '../../components/intake-sources.component.js';
import { connectionsChanged } from '../../settings-queries.js';

import type { User } from '../../api.js';

export function CrmhubSettingsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const isAdmin = user.role === 'portal_admin';
  return (
    <ConnectionsSection title={t('settings.crmhub')} setting={<ApprovalPolicy isAdmin={isAdmin} />}>
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
    </ConnectionsSection>
  );
}
