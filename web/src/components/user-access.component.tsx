// Which domains an employee works in: every domain (also future ones) or the ones ticked.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { setDomainAccess } from '../api/users.api.js';
import { useAction } from '../use-action.js';
import { ActionButton } from './action-button.component.js';
import { ErrorAlert } from './feedback.component.js';
import { RadioGroup } from './radio-group.component.js';

import type { PortalDomain, PortalUser } from '../api/users.api.js';

type Scope = 'all' | 'chosen';

export function UserAccess(props: { user: PortalUser; domains: readonly PortalDomain[]; onSaved: () => void }) {
  const { user, domains, onSaved } = props;
  const { t } = useTranslation();
  const [scope, setScope] = useState<Scope>(user.allDomains ? 'all' : 'chosen');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(user.domainIds));
  const action = useAction();
  if (user.role === 'portal_admin') return <p>{t('users.manage.adminSeesAll')}</p>;

  function toggle(id: string): void {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  }

  return (
    <div className="form">
      <RadioGroup<Scope>
        legend={t('users.manage.access')}
        name={`access-${user.id}`}
        value={scope}
        onChange={setScope}
        options={[
          { value: 'all', label: t('users.manage.allDomains') },
          { value: 'chosen', label: t('users.manage.chosenDomains') },
        ]}
      />
      {scope === 'chosen' ? (
        <fieldset className="field">
          <legend>{t('users.manage.domains')}</legend>
          {domains.length === 0 ? <p>{t('users.manage.noDomains')}</p> : null}
          {domains.map((domain) => (
            <label key={domain.id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(domain.id)}
                onChange={() => {
                  toggle(domain.id);
                }}
              />
              {domain.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <ErrorAlert error={action.error} />
      <div className="actions">
        <ActionButton
          action={action}
          work={() =>
            setDomainAccess(user.id, { allDomains: scope === 'all', domainIds: scope === 'all' ? [] : [...chosen] })
          }
          onDone={onSaved}
        >
          {t('users.manage.saveAccess')}
        </ActionButton>
      </div>
    </div>
  );
}
