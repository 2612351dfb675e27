// One administration: its portal profile, and either its CRM link (mode, unlink) or the way to link it.
import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { administrationsChanged, useAdministration } from '../administrations-queries.js';
import { ConnectionDetails } from '../components/connection-details.component.js';
import { LinkWizard } from '../components/link-wizard.component.js';
import { Link } from '../components/link.component.js';
import { LinkedPanel } from '../components/linked-panel.component.js';
import { Page } from '../components/page.component.js';
import { QueryState } from '../components/query-state.component.js';
import { Section } from '../components/section.component.js';
import { displayValue } from '../format.js';
import { fieldLabel, profileValue, syncFields } from '../sync-fields.js';

export function AdministrationPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useAdministration(id);
  const title = query.data?.administration.name ?? t('administration.title');

  return (
    <Page title={title}>
      <Text>
        <Anchor component={Link} to="/administrations">
          {t('administration.back')}
        </Anchor>
      </Text>
      <QueryState query={query}>
        {(detail) => (
          <>
            <Text c="dimmed">{t('administration.domain', { domain: detail.administration.domainName })}</Text>
            {detail.link === null ? (
              <LinkWizard administrationId={id} suggestions={detail.suggestions} onLinked={administrationsChanged} />
            ) : (
              <LinkedPanel
                key={detail.link.crmExternalId}
                administrationId={id}
                link={detail.link}
                onChanged={administrationsChanged}
              />
            )}
            <Section title={t('administration.profile')}>
              <ConnectionDetails
                rows={syncFields.map((field) => [
                  fieldLabel(t, field),
                  displayValue(profileValue(detail.administration.profile, field)),
                ])}
              />
            </Section>
          </>
        )}
      </QueryState>
    </Page>
  );
}
