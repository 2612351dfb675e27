// My account: change my password, and see and end my sessions (another browser, a lost laptop).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { endOwnSession, listOwnSessions } from '../api/account.api.js';
import { ActionButton } from '../components/action-button.component.js';
import { ErrorAlert, Notice } from '../components/feedback.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { PasswordChangeForm } from '../components/password-change.component.js';
import { TableHead } from '../components/table-head.component.js';
import { formatDateTime } from '../format.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';

import type { OwnSession } from '../api/account.api.js';

function SessionRow({ session, onEnded }: { session: OwnSession; onEnded: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  return (
    <tr>
      <th scope="row">{session.userAgent ?? t('account.unknownBrowser')}</th>
      <td>{formatDateTime(session.createdAt)}</td>
      <td>{formatDateTime(session.lastSeenAt)}</td>
      <td>
        {session.current ? (
          t('account.thisSession')
        ) : (
          <ActionButton action={action} work={() => endOwnSession(session.id)} onDone={onEnded}>
            {t('account.endSession')}
          </ActionButton>
        )}
        <ErrorAlert error={action.error} />
      </td>
    </tr>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(listOwnSessions, []);
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  return (
    <table className="table" data-testid="sessions">
      <TableHead
        columns={[t('account.browser'), t('account.started'), t('account.lastSeen'), t('account.sessionAction')]}
      />
      <tbody>
        {state.data.map((session) => (
          <SessionRow key={session.id} session={session} onEnded={reload} />
        ))}
      </tbody>
    </table>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const [changed, setChanged] = useState(false);
  return (
    <Page title={t('account.title')}>
      <section aria-labelledby="account-password">
        <h2 id="account-password">{t('account.passwordTitle')}</h2>
        {changed ? <Notice>{t('account.changed')}</Notice> : null}
        <PasswordChangeForm
          currentLabel={t('account.currentPassword')}
          onDone={() => {
            setChanged(true);
          }}
        />
      </section>
      <section aria-labelledby="account-sessions">
        <h2 id="account-sessions">{t('account.sessionsTitle')}</h2>
        <Sessions key={String(changed)} />
      </section>
    </Page>
  );
}
