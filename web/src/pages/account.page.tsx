// My account: change my password, and see and end my sessions (another browser, a lost laptop).
import { Alert, Table } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { endOwnSession, listOwnSessions } from '../api/account.api.js';
import { ColumnHeads, labelled } from '../components/column-heads.component.js';
import { ErrorAlert } from '../components/feedback.component.js';
import { MutationButton } from '../components/mutation-button.component.js';
import { Page } from '../components/page.component.js';
import { PasswordChangeForm } from '../components/password-change.component.js';
import { QueryState } from '../components/query-state.component.js';
import { Section } from '../components/section.component.js';
import { formatDateTime } from '../format.js';
import { useApiMutation } from '../use-api-mutation.js';

import type { OwnSession } from '../api/account.api.js';

const sessionsKey = ['own-sessions'] as const;

function SessionRow({ session, onEnded }: { session: OwnSession; onEnded: () => void }) {
  const { t } = useTranslation();
  const end = useApiMutation(() => endOwnSession(session.id), { onSuccess: onEnded });
  return (
    <Table.Tr>
      <Table.Th scope="row">{session.userAgent ?? t('account.unknownBrowser')}</Table.Th>
      <Table.Td>{formatDateTime(session.createdAt)}</Table.Td>
      <Table.Td>{formatDateTime(session.lastSeenAt)}</Table.Td>
      <Table.Td>
        {session.current ? (
          t('account.thisSession')
        ) : (
          <MutationButton size="compact-sm" mutation={end}>
            {t('account.endSession')}
          </MutationButton>
        )}
        <ErrorAlert error={end.apiError} />
      </Table.Td>
    </Table.Tr>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const sessions = useQuery({ queryKey: sessionsKey, queryFn: listOwnSessions, staleTime: 0 });
  const reload = (): void => {
    void sessions.refetch();
  };
  return (
    <QueryState query={sessions}>
      {(rows) => (
        <Table.ScrollContainer minWidth={480}>
          <Table data-testid="sessions" striped>
            <ColumnHeads
              columns={labelled(['browser', 'started', 'lastSeen', 'sessionAction'] as const, (column) =>
                t(`account.${column}`),
              )}
            />
            <Table.Tbody>
              {rows.map((session) => (
                <SessionRow key={session.id} session={session} onEnded={reload} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryState>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const [changed, setChanged] = useState(false);
  const queryClient = useQueryClient();
  return (
    <Page title={t('account.title')}>
      <Section title={t('account.passwordTitle')}>
        {changed ? (
          <Alert color="green" role="status">
            {t('account.changed')}
          </Alert>
        ) : null}
        <PasswordChangeForm
          currentLabel={t('account.currentPassword')}
          onDone={() => {
            setChanged(true);
            void queryClient.invalidateQueries({ queryKey: sessionsKey }); // the other sessions have ended
          }}
        />
      </Section>
      <Section title={t('account.sessionsTitle')}>
        <Sessions />
      </Section>
    </Page>
  );
}
