// Administrations: a server page of the list with link state, searched and filtered on the server.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { administrationShows } from '../../../src/contract/administrations.contract.js';
import { getAdministrations } from '../api/administrations.api.js';
import { LinkState } from '../components/link-state.component.js';
import { Link } from '../components/link.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { Pager } from '../components/pager.component.js';
import { SelectField } from '../components/select-field.component.js';
import { TableHead } from '../components/table-head.component.js';
import { TextField } from '../components/text-field.component.js';
import { administrationPath } from '../router.js';
import { useLoad } from '../use-load.js';

import type { AdministrationShow } from '../../../src/contract/administrations.contract.js';
import type { AdministrationList } from '../api/administrations.api.js';

const columns = ['name', 'domain', 'link', 'crm', 'pending', 'suggestions'] as const;
const PAGE_SIZE = 50;

/** The search text as typed, and the same text once the user paused typing (what the server is asked for). */
function useSettledText(delayMs: number): [string, (text: string) => void, string] {
  const [text, setText] = useState('');
  const [settled, setSettled] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      setSettled(text.trim());
    }, delayMs);
    return () => {
      clearTimeout(timer);
    };
  }, [text, delayMs]);
  return [text, setText, settled];
}

function AdministrationsTable({ list }: { list: AdministrationList }) {
  const { t } = useTranslation();
  return (
    <table className="table">
      <caption className="visually-hidden">{t('pages.administrations.title')}</caption>
      <TableHead columns={columns.map((column) => t(`administrations.columns.${column}`))} />
      <tbody>
        {list.administrations.map((row) => (
          <tr key={row.id} data-testid="list-row">
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
  );
}

export function AdministrationsPage() {
  const { t } = useTranslation();
  const [show, setShow] = useState<AdministrationShow>('all');
  const [query, setQuery, q] = useSettledText(250);
  const [page, setPage] = useState(1);
  const { state, reload } = useLoad(
    () => getAdministrations({ page, size: PAGE_SIZE, show, ...(q === '' ? {} : { q }) }),
    [page, show, q],
  );
  useEffect(() => {
    setPage(1);
  }, [show, q]);
  const unfiltered = show === 'all' && q === '';

  return (
    <Page title={t('pages.administrations.title')}>
      <p className="page-description">{t('pages.administrations.description')}</p>
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : state.data.page.total === 0 && unfiltered ? (
        <p className="empty-state">{t('administrations.none')}</p>
      ) : (
        <>
          <p>{t('administrations.found', { count: state.data.page.total })}</p>
          <div className="filters" role="search">
            <TextField label={t('administrations.search')} name="q" type="search" value={query} onValue={setQuery} />
            <SelectField
              label={t('administrations.show')}
              value={show}
              onChange={(event) => {
                const value = administrationShows.find((candidate) => candidate === event.currentTarget.value);
                if (value !== undefined) setShow(value);
              }}
              options={administrationShows.map((value) => ({ value, label: t(`administrations.shows.${value}`) }))}
            />
          </div>
          <AdministrationsTable list={state.data} />
          {state.data.page.total <= PAGE_SIZE ? null : (
            <Pager
              page={state.data.page.page}
              size={PAGE_SIZE}
              total={state.data.page.total}
              position={(pages) =>
                t('administrations.position', { page: state.data.page.page, pages, total: state.data.page.total })
              }
              onPage={setPage}
            />
          )}
        </>
      )}
    </Page>
  );
}
