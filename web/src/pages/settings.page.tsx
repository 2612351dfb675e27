// Settings: CRMHub (CRM connection and approval policy), the accountant portal (Yuki), caller ID (AccountView,
// assignments, phone systems, screen pop; administrators), users and single sign-on (administrators) and health per
// connection.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getConnections, getCrmSystems } from '../api/connections.api.js';
import { AccountViewConnection } from '../components/accountview-connection.component.js';
import { ApprovalPolicy } from '../components/approval-policy.component.js';
import { CallerIdAssignments } from '../components/callerid-assignments.component.js';
import { CallerIdHealth } from '../components/callerid-health.component.js';
import { CrmConnection } from '../components/crm-connection.component.js';
import { Health } from '../components/health.component.js';
import { IntakeSources } from '../components/intake-sources.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { PhoneSystems } from '../components/phone-systems.component.js';
import { PortalConnection } from '../components/portal-connection.component.js';
import { ScreenPopAddresses } from '../components/screen-pop-addresses.component.js';
import { SsoSettings } from '../components/sso-settings.component.js';
import { Users } from '../components/users.component.js';
import { WriteMode } from '../components/write-mode.component.js';
import { YukiContactDomains } from '../components/yuki-contact-domains.component.js';
import { useLoad } from '../use-load.js';

import type { ReactNode } from 'react';
import type { User } from '../api.js';

async function loadSettings() {
  const [connections, systems] = await Promise.all([getConnections(), getCrmSystems()]);
  return { ...connections, systems };
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
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
      <Section id="settings-crmhub" title={t('settings.crmhub')}>
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
        {isAdmin && state.kind === 'ready' ? <IntakeSources systems={state.data.systems} onChanged={changed} /> : null}
        <ApprovalPolicy isAdmin={isAdmin} />
      </Section>
      <Section id="settings-portal" title={t('settings.portal')}>
        {state.kind === 'ready' ? (
          <PortalConnection connection={state.data.portal} isAdmin={isAdmin} onChanged={changed} />
        ) : null}
        <WriteMode isAdmin={isAdmin} />
      </Section>
      {isAdmin ? (
        <>
          <Section id="settings-accountview" title={t('callerid.accountview.section')}>
            <AccountViewConnection />
          </Section>
          <Section id="settings-callerid-yuki" title={t('callerid.yuki.section')}>
            <YukiContactDomains />
          </Section>
          <Section id="settings-callerid-assign" title={t('callerid.assign.section')}>
            <CallerIdAssignments version={version} />
          </Section>
          <Section id="settings-pbx" title={t('callerid.pbx.section')}>
            <PhoneSystems />
          </Section>
          <Section id="settings-screen-pop" title={t('callerid.screenPop.section')}>
            <ScreenPopAddresses />
          </Section>
          <Section id="settings-users" title={t('settings.users')}>
            <Users onAdded={changed} />
          </Section>
          <Section id="settings-sso" title={t('settings.sso')}>
            <SsoSettings />
          </Section>
        </>
      ) : null}
      <Section id="settings-health" title={t('settings.health')}>
        <Health version={version} systemName={systemName} />
        <CallerIdHealth version={version} />
      </Section>
    </Page>
  );
}
