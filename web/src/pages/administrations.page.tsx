// Administrations: every administration with its link state (linked or not, approval mode, CRM record deleted).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getAdministrations } from '../api/administrations.api.js';
import { LinkState } from '../components/link-state.component.js';
import { Link } from '../components/link.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { SelectField } from '../components/select-field.component.js';
import { TableHead } from '../components/table-head.component.js';
import { TextField } from '../components/text-field.component.js';
import { administrationPath } from '../router.js';
import { useLoad } from '../use-load.js';

import type { AdministrationSummary } from '../api/administrations.api.js';

const columns = ['name', 'domain', 'link', 'crm', 'pending', 'suggestions'] as const;

const shows = ['all', 'linked', 'unlinked', 'attention'] as const;
type Show = (typeof shows)[number];

function matches(row: AdministrationSummary, show: Show, query: string): boolean {
  const text = `${row.name} ${row.domainName} ${row.link?.crmName ?? ''}`.toLowerCase();
  if (query !== '' && !text.includes(query.toLowerCase())) return false;
  switch (show) {
    case 'all':
      return true;
    case 'linked':
      return row.link !== null;
    case 'unlinked':
      return row.link === null;
    case 'attention':
      return row.pendingCount > 0 || (row.link !== null && row.link.sourceStatus !== 'ok');
  }
}

export function AdministrationsPage() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getAdministrations, []);
  const [show, setShow] = useState<Show>('all');
  const [query, setQuery] = useState('');

  return (
    <Page title={t('pages.administrations.title')}>
      <p className="page-description">{t('pages.administrations.description')}</p>
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : state.data.length === 0 ? (
        <p className="empty-state">{t('administrations.none')}</p>
      ) : (
        <>
          <p>
            {t('administrations.summary', {
              count: state.data.length,
              linked: state.data.filter((row) => row.link !== null).length,
            })}
          </p>
          <div className="filters" role="search">
            <TextField label={t('administrations.search')} name="q" type="search" value={query} onValue={setQuery} />
            <SelectField
              label={t('administrations.show')}
              value={show}
              onChange={(event) => {
                const value = shows.find((candidate) => candidate === event.currentTarget.value);
                if (value !== undefined) setShow(value);
              }}
              options={shows.map((value) => ({ value, label: t(`administrations.shows.${value}`) }))}
            />
          </div>
          <table className="table">
            <caption className="visually-hidden">{t('pages.administrations.title')}</caption>
            <TableHead columns={columns.map((column) => t(`administrations.columns.${column}`))} />
            <tbody>
              {state.data
                .filter((row) => matches(row, show, query.trim()))
                .map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      <Link to={administrationPath(row.id)}>{row.name}</Link>
                    </th>
                    <td>{row.domainName}</td>
                    <td>
                      <LinkState link={row.link} />
                    </td>
                    <td>{row.link?.crmName ?? row.link?.crmExternalId ?? '—'}</td>
                    <td>{row.pendingCount}</td>
                    <td>{row.link === null ? row.suggestionCount : '—'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  );
}
