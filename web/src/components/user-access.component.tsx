// Which domains an employee works in: every domain (also future ones) or the ones ticked.
import { Checkbox, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { setDomainAccess, usersKey } from '../api/users.api.js';
import { useApiMutation } from '../use-api-mutation.js';
import { ErrorAlert } from './feedback.component.js';
import { MutationButton } from './mutation-button.component.js';

import type { PortalDomain, PortalUser } from '../api/users.api.js';

const scopes = ['all', 'chosen'] as const;
type Scope = (typeof scopes)[number];

export function UserAccess({ user, domains }: { user: PortalUser; domains: readonly PortalDomain[] }) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<Scope>(user.allDomains ? 'all' : 'chosen');
  const [chosen, setChosen] = useState<string[]>(user.domainIds);
  const save = useApiMutation(
    () => setDomainAccess(user.id, { allDomains: scope === 'all', domainIds: scope === 'all' ? [] : chosen }),
    { invalidates: usersKey },
  );
  if (user.role === 'portal_admin') return <Text>{t('users.manage.adminSeesAll')}</Text>;

  return (
    <Stack gap="sm">
      <Radio.Group
        label={t('users.manage.access')}
        name={`access-${user.id}`}
        value={scope}
        onChange={(value) => {
          setScope(scopes.find((known) => known === value) ?? 'all');
        }}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="all" label={t('users.manage.allDomains')} />
          <Radio value="chosen" label={t('users.manage.chosenDomains')} />
        </Stack>
      </Radio.Group>
      {scope === 'chosen' ? (
        <Checkbox.Group label={t('users.manage.domains')} value={chosen} onChange={setChosen}>
          <Stack gap="xs" mt="xs">
            {domains.length === 0 ? <Text>{t('users.manage.noDomains')}</Text> : null}
            {domains.map((domain) => (
              <Checkbox key={domain.id} value={domain.id} label={domain.name} />
            ))}
          </Stack>
        </Checkbox.Group>
      ) : null}
      <ErrorAlert error={save.apiError} />
      <div>
        <MutationButton mutation={save}>{t('users.manage.saveAccess')}</MutationButton>
      </div>
    </Stack>
  );
}
