// Health per connection: last successful sync, next run, recent errors, credential state and daily quota per domain.
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { getHealth } from '../api/connections.api.js';
import { ColumnHeads, labelled } from '../components/column-heads.component.js';
import { formatCount, formatCounts, formatDateTime } from '../format.js';
import { ConnectionDetails } from './connection-details.component.js';
import { QueryState, RefreshButton } from './query-state.component.js';
import { RunFailure } from './run-failure.component.js';

import type { TFunction } from 'i18next';
import type { HealthConnection } from '../api/connections.api.js';

const quotaColumns = ['domain', 'used', 'remaining', 'limit', 'background'] as const;

const credentialStates = ['ok', 'needs_reconnect', 'disconnected'] as const;

function credentialText(t: TFunction, state: string): string {
  const known = credentialStates.find((candidate) => candidate === state);
  return known === undefined ? state : t(`health.credentials.${known}`);
}

const roles = ['crm', 'portal_target', 'callerid_source'] as const;

/** What the connection is for; AccountView is a caller-ID source, not the accountant portal. */
function roleText(t: TFunction, role: string): string {
  const known = roles.find((candidate) => candidate === role);
  return known === undefined ? role : t(`health.roles.${known}`);
}

function QuotaTable({ quota }: { quota: HealthConnection['quota'] }) {
  const { t } = useTranslation();
  return (
    // 200 domains and five columns: the table scrolls in its own box on a phone.
    <Table.ScrollContainer minWidth={560}>
      <Table striped>
        <Table.Caption>{t('health.quota.caption')}</Table.Caption>
        <ColumnHeads columns={labelled(quotaColumns, (column) => t(`health.quota.${column}`))} />
        <Table.Tbody>
          {quota.map((row) => (
            <Table.Tr key={row.domainId}>
              <Table.Th scope="row">{row.domainName}</Table.Th>
              <Table.Td>{formatCount(row.used)}</Table.Td>
              <Table.Td>{formatCount(row.remaining)}</Table.Td>
              <Table.Td>{formatCount(row.limit)}</Table.Td>
              <Table.Td>
                {t(
                  'health.quota.backgroundShare',
                  formatCounts({ used: row.backgroundUsed, limit: row.backgroundLimit }),
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function HealthCard({ connection, systemName }: { connection: HealthConnection; systemName: string }) {
  const { t } = useTranslation();
  const role = roleText(t, connection.role);
  const title = `${role}: ${systemName}`;
  const titleId = useId();
  return (
    <Paper component="section" className="panel" aria-labelledby={titleId}>
      <Title order={2} fz="h4" id={titleId}>
        {title}
      </Title>
      <ConnectionDetails
        rows={[
          [t('health.credentialState'), credentialText(t, connection.credentialState)],
          [t('connection.lastSuccess'), formatDateTime(connection.lastSuccessAt, t('common.never'))],
          [t('connection.nextRun'), formatDateTime(connection.nextRunAt)],
          ...(connection.incrementalSync === null
            ? []
            : [[t('health.incrementalSync'), t(`health.incremental.${connection.incrementalSync}`)] as const]),
          ...(connection.writeMode === undefined
            ? []
            : [[t('health.writeMode'), t(`writeMode.options.${connection.writeMode}`)] as [string, string]]),
          ...(connection.yukiTasks === undefined
            ? []
            : [
                [t('health.yukiTasks'), t('health.yukiTasksValue', formatCounts(connection.yukiTasks))] as [
                  string,
                  string,
                ],
              ]),
        ]}
      />
      <Title order={3} fz="h5">
        {t('health.lastErrors')}
      </Title>
      {connection.lastErrors.length === 0 ? (
        <Text>{t('health.noErrors')}</Text>
      ) : (
        <ul className="error-list">
          {connection.lastErrors.map((error) => (
            <li key={`${error.at}-${error.message}`}>
              <RunFailure failure={error.failure} system={systemName} at={error.at} />
            </li>
          ))}
        </ul>
      )}
      {connection.quota.length === 0 ? null : <QuotaTable quota={connection.quota} />}
      {connection.quota
        .filter((quota) => quota.exhausted === true || (quota.waitingForQuota ?? 0) > 0)
        .map((quota) => (
          <Text className="remark" key={`exhausted-${quota.domainId}`}>
            {t('health.quota.exhausted', { domain: quota.domainName, count: quota.waitingForQuota ?? 0 })}
          </Text>
        ))}
    </Paper>
  );
}

export function Health({ systemName }: { systemName: (id: string) => string }) {
  const { t } = useTranslation();
  const health = useQuery({ queryKey: ['health'], queryFn: getHealth, staleTime: 0 });
  return (
    <QueryState query={health}>
      {(data) => (
        <Stack>
          {data.connections.length === 0 ? <Text>{t('health.none')}</Text> : null}
          {data.connections.map((connection) => (
            <HealthCard
              key={`${connection.role}:${connection.system}`}
              connection={connection}
              systemName={systemName(connection.system)}
            />
          ))}
          <div>
            <RefreshButton query={health}>{t('health.refresh')}</RefreshButton>
          </div>
        </Stack>
      )}
    </QueryState>
  );
}
