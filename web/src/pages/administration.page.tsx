// One administration: its portal profile, and either its CRM link (mode, unlink) or the way to link it.
import { useTranslation } from 'react-i18next';

import { getAdministration } from '../api/administrations.api.js';
import { ConnectionDetails } from '../components/connection-details.component.js';
import { LinkWizard } from '../components/link-wizard.component.js';
import { Link } from '../components/link.component.js';
import { LinkedPanel } from '../components/linked-panel.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { displayValue } from '../format.js';
import { refreshNavCounts } from '../nav-counts.js';
import { fieldLabel, profileValue, syncFields } from '../sync-fields.js';
import { useLoad } from '../use-load.js';

export function AdministrationPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(() => getAdministration(id), [id]);
  const changed = (): void => {
    reload();
    refreshNavCounts();
  };
  const title = state.kind === 'ready' ? state.data.administration.name : t('administration.title');

  return (
    <Page title={title}>
      <p>
        <Link to="/administrations">{t('administration.back')}</Link>
      </p>
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : (
        <>
          <p className="page-description">
            {t('administration.domain', { domain: state.data.administration.domainName })}
          </p>
          {state.data.link === null ? (
            <LinkWizard administrationId={id} suggestions={state.data.suggestions} onLinked={changed} />
          ) : (
            <LinkedPanel
              key={state.data.link.crmExternalId}
              administrationId={id}
              link={state.data.link}
              onChanged={changed}
            />
          )}
          <section className="section" aria-labelledby="administration-profile">
            <h2 id="administration-profile">{t('administration.profile')}</h2>
            <ConnectionDetails
              rows={syncFields.map((field) => [
                fieldLabel(t, field),
                displayValue(profileValue(state.data.administration.profile, field)),
              ])}
            />
          </section>
        </>
      )}
    </Page>
  );
}
