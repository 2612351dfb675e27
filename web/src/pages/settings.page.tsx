// Settings: CRMHub (CRM connection and approval policy), the accountant portal (Yuki), caller ID (AccountView,
// assignments, phone systems; administrators), users (administrators) and health per connection.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getConnections, getCrmSystems } from '../api/connections.api.js';
import { AccountViewConnection } from '../components/accountview-connection.component.js';
import { ApprovalPolicy } from '../components/approval-policy.component.js';
import { CallerIdAssignments } from '../components/callerid-assignments.component.js';
import { CallerIdHealth } from '../components/callerid-health.component.js';
import { CrmConnection } from '../components/crm-connection.component.js';
import { Health } from '../components/health.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { PhoneSystems } from '../components/phone-systems.component.js';
import { PortalConnection } from '../components/portal-connection.component.js';
import { Users } from '../components/users.component.js';
import { useLoad } from '../use-load.js';

import type { User } from '../api.js';

async function loadSettings() {
  const [connections, systems] = await Promise.all([getConnections(), getCrmSystems()]);
  return { ...connections, systems };
}

export function SettingsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const isAdmin = user.role === 'portal_admin';
  const [version, setVersion] = useState(0);
  const { state, reload } = useLoad(loadSettings, [version]);
  const systemName = (id: string): string =>
    id === 'yuki'
      ? 'Yuki'
      : ((state.kind === 'ready' ? state.data.systems : []).find((system) => system.id === id)?.displayName ?? id);
  const changed = (): void => {
    setVersion((value) => value + 1);
  };

  return (
    <Page title={t('pages.settings.title')}>
      <p className="page-description">{t('pages.settings.description')}</p>
      <section className="section" aria-labelledby="settings-crmhub">
        <h2 id="settings-crmhub">{t('settings.crmhub')}</h2>
        {state.kind === 'ready' ? (
          <CrmConnection
            connection={state.data.crm}
            systems={state.data.systems}
            isAdmin={isAdmin}
            onChanged={changed}
          />
        ) : (
          <LoadState state={state} onRetry={reload} />
        )}
        <ApprovalPolicy isAdmin={isAdmin} />
      </section>
      <section className="section" aria-labelledby="settings-portal">
        <h2 id="settings-portal">{t('settings.portal')}</h2>
        {state.kind === 'ready' ? (
          <PortalConnection connection={state.data.portal} isAdmin={isAdmin} onChanged={changed} />
        ) : null}
      </section>
      {isAdmin ? (
        <>
          <section className="section" aria-labelledby="settings-accountview">
            <h2 id="settings-accountview">{t('callerid.accountview.section')}</h2>
            <AccountViewConnection />
          </section>
          <section className="section" aria-labelledby="settings-callerid-assign">
            <h2 id="settings-callerid-assign">{t('callerid.assign.section')}</h2>
            <CallerIdAssignments version={version} />
          </section>
          <section className="section" aria-labelledby="settings-pbx">
            <h2 id="settings-pbx">{t('callerid.pbx.section')}</h2>
            <PhoneSystems />
          </section>
          <section className="section" aria-labelledby="settings-users">
            <h2 id="settings-users">{t('settings.users')}</h2>
            <Users onAdded={changed} />
          </section>
        </>
      ) : null}
      <section className="section" aria-labelledby="settings-health">
        <h2 id="settings-health">{t('settings.health')}</h2>
        <Health version={version} systemName={systemName} />
        <CallerIdHealth version={version} />
      </section>
    </Page>
  );
}
