// Calls: the call log with what each number matched; portal administrators can switch to the whole portal's log.
import { Group, Radio, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getCalls } from '../api/callerid.api.js';
import { ColumnHeads, labelled } from '../components/column-heads.component.js';
import { Page } from '../components/page.component.js';
import { QueryState, RefreshButton } from '../components/query-state.component.js';
import { displayValue, formatDateTime } from '../format.js';

import type { User } from '../api.js';
import type { CallLogEntry } from '../api/callerid.api.js';

const scopes = ['mine', 'portal'] as const;
type Scope = (typeof scopes)[number];

export function CallsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const isAdmin = user.role === 'portal_admin';
  const [scope, setScope] = useState<Scope>('mine');
  const calls = useQuery({ queryKey: ['calls', scope], queryFn: () => getCalls(scope), staleTime: 0 });

  return (
    <Page title={t('pages.calls.title')} description={t('pages.calls.description')}>
      <Group align="flex-end" justify="space-between">
        {isAdmin ? (
          <Radio.Group
            label={t('callerid.log.scope')}
            value={scope}
            onChange={(value) => {
              setScope(scopes.find((known) => known === value) ?? 'mine');
            }}
          >
            <Group gap="md" mt="xs">
              {scopes.map((value) => (
                <Radio key={value} value={value} label={t(`callerid.log.${value}`)} />
              ))}
            </Group>
          </Radio.Group>
        ) : null}
        <RefreshButton query={calls}>{t('callerid.log.refresh')}</RefreshButton>
      </Group>
      <QueryState query={calls}>
        {(rows) =>
          rows.length === 0 ? (
            <Text className="empty-state">{t('callerid.log.empty')}</Text>
          ) : (
            <CallTable calls={rows} showRecipients={scope === 'portal'} />
          )
        }
      </QueryState>
    </Page>
  );
}

const columns = ['startedAt', 'number', 'extension', 'match', 'state'] as const;
const columnsWithRecipients = [...columns, 'recipients'] as const;

function CallTable({ calls, showRecipients }: { calls: readonly CallLogEntry[]; showRecipients: boolean }) {
  const { t } = useTranslation();
  return (
    // Wide rows scroll in their own box on a phone instead of the page.
    <Table.ScrollContainer minWidth={720}>
      <Table className="call-log" striped>
        <caption className="visually-hidden">{t('callerid.log.caption')}</caption>
        <ColumnHeads
          columns={labelled(showRecipients ? columnsWithRecipients : columns, (column) => t(`callerid.log.${column}`))}
        />
        <Table.Tbody>
          {calls.map((call) => (
            <Table.Tr key={call.id}>
              <Table.Td>{formatDateTime(call.startedAt)}</Table.Td>
              <Table.Td>
                {call.number}
                {call.direction === 'out' ? ` (${t('callerid.log.outgoing')})` : null}
              </Table.Td>
              <Table.Td>{displayValue(call.extension)}</Table.Td>
              <Table.Td>
                <MatchSummary call={call} />
              </Table.Td>
              <Table.Td>{t(`callerid.state.${call.state}`)}</Table.Td>
              {showRecipients ? (
                <Table.Td>{displayValue(call.recipients.map((r) => r.name).join(', '))}</Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MatchSummary({ call }: { call: CallLogEntry }) {
  const { t } = useTranslation();
  if (call.matchCount === 0 || call.bestName === null) {
    return <>{t(`callerid.result.${call.result}`, { defaultValue: t('callerid.popup.noMatch') })}</>;
  }
  const who = [call.bestName, call.bestCompany === call.bestName ? null : call.bestCompany]
    .filter((part) => part !== null)
    .join(' – ');
  return (
    <>
      {who}
      {call.bestSource === null
        ? null
        : ` (${t(`callerid.systems.${call.bestSource}`, { defaultValue: call.bestSource })})`}
      {call.matchCount > 1 ? ` · ${t('callerid.log.more', { count: call.matchCount - 1 })}` : null}
      {call.ambiguous ? ` · ${t('callerid.log.ambiguous')}` : null}
    </>
  );
}
