// The audit entries for a set of filters, newest first, a page at a time as the server pages them (by `nextBefore`).
import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { auditReasonText } from '../../../src/contract/audit-words.js';
import { getAudit } from '../api/audit.api.js';
import { auditActionLabel } from '../audit-actions.js';
import { ColumnHeads, labelled } from '../components/column-heads.component.js';
import { displayValue, formatDateTime } from '../format.js';
import { administrationPath } from '../router.js';
import { fieldLabel } from '../sync-fields.js';
import { QueryState } from './query-state.component.js';

import type { AuditEntry, AuditFilters } from '../api/audit.api.js';

const columns = ['at', 'action', 'administration', 'field', 'change', 'who', 'reason'] as const;

/** crmhub's own reason in words, then what the person typed (if anything). */
function reasonOf(language: string, entry: AuditEntry): string {
  const own =
    entry.reasonCode === null
      ? null
      : auditReasonText(language === 'nl' ? 'nl' : 'en', entry.reasonCode, entry.reasonParams);
  return [own, entry.reason].filter((part) => part !== null && part !== '').join(' · ');
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
      </Table.Td>
      <Table.Td>
        {auditActionLabel(t, entry.action)}
        {entry.writeMode === null ? null : (
          <Text span c="dimmed" size="sm">
            {' '}
            ({t(`writeMode.short.${entry.writeMode}`)})
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {entry.administrationId === null || entry.administrationName === null ? (
          displayValue(entry.administrationName)
        ) : (
          <Anchor component={Link} to={administrationPath(entry.administrationId)}>
            {entry.administrationName}
          </Anchor>
        )}
      </Table.Td>
      <Table.Td>{entry.field === null ? '—' : fieldLabel(t, entry.field)}</Table.Td>
      <Table.Td>
        {entry.oldValue === null && entry.newValue === null
          ? '—'
          : `${displayValue(entry.oldValue)} → ${displayValue(entry.newValue)}`}
      </Table.Td>
      <Table.Td>{entry.actorEmail ?? t('audit.system')}</Table.Td>
      <Table.Td>{reasonOf(i18n.language, entry)}</Table.Td>
    </Table.Tr>
  );
}

function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const { t } = useTranslation();
  return (
    // Wide rows scroll in their own box on a phone instead of the page, and wrap at word boundaries.
    <Table.ScrollContainer minWidth={960}>
      <Table data-testid="audit-table" striped verticalSpacing="xs">
        <caption className="visually-hidden">{t('pages.audit.title')}</caption>
        <ColumnHeads columns={labelled(columns, (column) => t(`audit.columns.${column}`))} />
        <Table.Tbody>
          {entries.map((entry) => (
            <AuditRow key={entry.id} entry={entry} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type AuditResultsProps = {
  filters: AuditFilters;
  /** The page's cursor: entries older than this entry id (null: the newest). */
  before: string | null;
  onPage: (before: string | null) => void;
};

export function AuditResults({ filters, before, onPage }: AuditResultsProps) {
  const { t } = useTranslation();
  // The cursors of the newer pages this user came through, to go back a page (the server pages one way only).
  const [newer, setNewer] = useState<(string | null)[]>([]);
  const audit = useQuery({
    queryKey: ['audit', filters, before],
    queryFn: () => getAudit(filters, before),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  return (
    <QueryState query={audit}>
      {(page) => (
        <>
          {page.entries.length === 0 ? (
            <Text className="empty-state">{t('audit.empty')}</Text>
          ) : (
            <AuditTable entries={page.entries} />
          )}
          <Group component="nav" aria-label={t('audit.pager.label')} gap="sm">
            <Button
              variant="default"
              disabled={before === null || audit.isPlaceholderData}
              onClick={() => {
                setNewer(newer.slice(0, -1));
                onPage(newer.at(-1) ?? null);
              }}
            >
              {newer.length === 0 ? t('audit.pager.newest') : t('audit.pager.newer')}
            </Button>
            <Button
              variant="default"
              disabled={page.nextBefore === null || audit.isPlaceholderData}
              onClick={() => {
                setNewer([...newer, before]);
                onPage(page.nextBefore);
              }}
            >
              {t('audit.pager.older')}
            </Button>
          </Group>
        </>
      )}
    </QueryState>
  );
}
