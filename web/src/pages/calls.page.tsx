// Calls: the call log with what each number matched; portal administrators can switch to the whole portal's log.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getCalls } from '../api/callerid.api.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { TableHead } from '../components/table-head.component.js';
import { displayValue, formatDateTime } from '../format.js';
import { useLoad } from '../use-load.js';

import type { User } from '../api.js';
import type { CallLogEntry } from '../api/callerid.api.js';

type Scope = 'mine' | 'portal';

export function CallsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const isAdmin = user.role === 'portal_admin';
  const [scope, setScope] = useState<Scope>('mine');
  const { state, reload } = useLoad(() => getCalls(scope), [scope]);

  return (
    <Page title={t('pages.calls.title')}>
      <p className="page-description">{t('pages.calls.description')}</p>
      {isAdmin ? (
        <fieldset className="call-scope">
          <legend>{t('callerid.log.scope')}</legend>
          {(['mine', 'portal'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="call-scope"
                value={value}
                checked={scope === value}
                onChange={() => {
                  setScope(value);
                }}
              />{' '}
              {t(`callerid.log.${value}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="actions">
        <button type="button" onClick={reload}>
          {t('callerid.log.refresh')}
        </button>
      </div>
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : state.data.length === 0 ? (
        <p className="empty-state">{t('callerid.log.empty')}</p>
      ) : (
        <CallTable calls={state.data} showRecipients={scope === 'portal'} />
      )}
    </Page>
  );
}

const columns = ['startedAt', 'number', 'extension', 'match', 'state'] as const;
const columnsWithRecipients = [...columns, 'recipients'] as const;

function CallTable({ calls, showRecipients }: { calls: readonly CallLogEntry[]; showRecipients: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="call-log">
        <caption className="visually-hidden">{t('callerid.log.caption')}</caption>
        <TableHead
          columns={(showRecipients ? columnsWithRecipients : columns).map((column) => t(`callerid.log.${column}`))}
        />
        <tbody>
          {calls.map((call) => (
            <tr key={call.id}>
              <td>{formatDateTime(call.startedAt)}</td>
              <td>
                {call.number}
                {call.direction === 'out' ? ` (${t('callerid.log.outgoing')})` : null}
              </td>
              <td>{displayValue(call.extension)}</td>
              <td>
                <MatchSummary call={call} />
              </td>
              <td>{t(`callerid.state.${call.state}`)}</td>
              {showRecipients ? <td>{displayValue(call.recipients.map((r) => r.name).join(', '))}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
