// One page of administrations as a table: name (a link), domain, link state, CRM organisation, counts; unlinked rows
// can be selected for bulk linking, all on the page at once from the header.
import { Anchor, Checkbox, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { administrationPath } from '../router.js';
import { ColumnHeads } from './column-heads.component.js';
import { LinkState } from './link-state.component.js';
import { Link } from './link.component.js';

import type { AdministrationSummary } from '../api/administrations.api.js';

const columns = ['name', 'domain', 'link', 'crm', 'pending', 'suggestions'] as const;

type AdministrationsTableProps = {
  rows: readonly AdministrationSummary[];
  selected: ReadonlySet<string>;
  onSelect: (ids: readonly string[], selected: boolean) => void;
};

function SelectPage({ rows, selected, onSelect }: AdministrationsTableProps) {
  const { t } = useTranslation();
  const selectable = rows.filter((row) => row.link === null).map((row) => row.id);
  const chosen = selectable.filter((id) => selected.has(id)).length;
  return (
    <Checkbox
      aria-label={t('administrations.selectPage')}
      checked={selectable.length > 0 && chosen === selectable.length}
      indeterminate={chosen > 0 && chosen < selectable.length}
      disabled={selectable.length === 0}
      onChange={(event) => {
        onSelect(selectable, event.currentTarget.checked);
      }}
    />
  );
}

export function AdministrationsTable(props: AdministrationsTableProps) {
  const { rows, selected, onSelect } = props;
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table highlightOnHover>
        <Table.Caption className="visually-hidden">{t('pages.administrations.title')}</Table.Caption>
        <ColumnHeads
          first={<SelectPage {...props} />}
          columns={columns.map((column) => t(`administrations.columns.${column}`))}
        />
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id} data-testid="list-row">
              <Table.Td>
                {row.link === null ? (
                  <Checkbox
                    aria-label={t('administrations.select', { name: row.name })}
                    checked={selected.has(row.id)}
                    onChange={(event) => {
                      onSelect([row.id], event.currentTarget.checked);
                    }}
                  />
                ) : null}
              </Table.Td>
              <Table.Th scope="row">
                <Anchor component={Link} to={administrationPath(row.id)}>
                  {row.name}
                </Anchor>
              </Table.Th>
              <Table.Td>{row.domainName}</Table.Td>
              <Table.Td>
                <LinkState link={row.link} />
              </Table.Td>
              <Table.Td>{row.link === null ? '—' : (row.link.crmName ?? '—')}</Table.Td>
              <Table.Td>{row.pendingCount}</Table.Td>
              <Table.Td>{row.link === null ? row.suggestionCount : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
