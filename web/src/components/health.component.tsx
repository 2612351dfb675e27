// Health per connection: last successful sync, next run, recent errors, credential state and daily quota per domain.
import { useTranslation } from 'react-i18next';

import { getHealth } from '../api/connections.api.js';
import { formatDateTime } from '../format.js';
import { useLoad } from '../use-load.js';
import { ConnectionDetails } from './connection-details.component.js';
import { LoadState } from './load-state.component.js';
import { TableHead } from './table-head.component.js';

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

function HealthCard({ connection, systemName }: { connection: HealthConnection; systemName: string }) {
  const { t } = useTranslation();
  const role = roleText(t, connection.role);
  const title = `${role}: ${systemName}`;
  return (
    <section className="panel" aria-label={title}>
      <h3>{title}</h3>
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
            : [[t('health.yukiTasks'), t('health.yukiTasksValue', connection.yukiTasks)] as [string, string]]),
        ]}
      />
      <h4>{t('health.lastErrors')}</h4>
      {connection.lastErrors.length === 0 ? (
        <p>{t('health.noErrors')}</p>
      ) : (
        <ul className="error-list">
          {connection.lastErrors.map((error) => (
            <li key={`${error.at}-${error.message}`}>
              <time dateTime={error.at}>{formatDateTime(error.at)}</time>: {error.message}
            </li>
          ))}
        </ul>
      )}
      {connection.quota.length === 0 ? null : (
        <table className="table">
          <caption>{t('health.quota.caption')}</caption>
          <TableHead columns={quotaColumns.map((column) => t(`health.quota.${column}`))} />
          <tbody>
            {connection.quota.map((quota) => (
              <tr key={quota.domainId}>
                <th scope="row">{quota.domainName}</th>
                <td>{quota.used}</td>
                <td>{quota.remaining}</td>
                <td>{quota.limit}</td>
                <td>
                  {t('health.quota.backgroundShare', { used: quota.backgroundUsed, limit: quota.backgroundLimit })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {connection.quota
        .filter((quota) => quota.exhausted === true || (quota.waitingForQuota ?? 0) > 0)
        .map((quota) => (
          <p className="remark" key={`exhausted-${quota.domainId}`}>
            {t('health.quota.exhausted', { domain: quota.domainName, count: quota.waitingForQuota ?? 0 })}
          </p>
        ))}
    </section>
  );
}

type HealthProps = {
  /** Changes when a connection changed, so the health is read again. */
  version: number;
  systemName: (id: string) => string;
};

export function Health({ version, systemName }: HealthProps) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getHealth, [version]);
  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  if (state.data.connections.length === 0) return <p>{t('health.none')}</p>;
  return (
    <>
      {state.data.connections.map((connection) => (
        <HealthCard
          key={`${connection.role}:${connection.system}`}
          connection={connection}
          systemName={systemName(connection.system)}
        />
      ))}
      <button type="button" onClick={reload}>
        {t('health.refresh')}
      </button>
    </>
  );
}
