// Settings → CRMHub: the CRM connection (or the button to make one), change, sync now, and disconnect.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { disconnectCrm, syncCrmNow } from '../api/connections.api.js';
import { errorText } from '../error-text.js';
import { formatDateTime } from '../format.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ConnectionDetails, connectionStatusText } from './connection-details.component.js';
import { CrmConnectForm } from './crm-connect-form.component.js';

import type { ApiError } from '../api.js';
import type { Connection, CrmSystem } from '../api/connections.api.js';

type CrmConnectionProps = {
  connection: Connection | null;
  systems: readonly CrmSystem[];
  isAdmin: boolean;
  onChanged: () => void;
};

type Busy = { action: 'disconnect' | 'sync'; error: ApiError | null; pending: boolean } | null;

export function CrmConnection({ connection, systems, isAdmin, onChanged }: CrmConnectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const systemName = (id: string): string => systems.find((system) => system.id === id)?.displayName ?? id;

  function run(action: 'disconnect' | 'sync', work: () => Promise<void>, done: string): void {
    setBusy({ action, error: null, pending: true });
    work().then(
      () => {
        setBusy(null);
        setNotice(done);
        onChanged();
      },
      (error: unknown) => {
        setBusy({ action, error: toApiError(error), pending: false });
      },
    );
  }

  if (editing) {
    return (
      <CrmConnectForm
        systems={systems}
        existing={connection}
        onCancel={() => {
          setEditing(false);
        }}
        onSaved={(saved) => {
          setEditing(false);
          setNotice(t('crm.connected', { system: systemName(saved.system) }));
          onChanged();
        }}
      />
    );
  }

  return (
    <div className="panel">
      <h3>{t('crm.title')}</h3>
      {notice === null ? null : (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {connection === null ? (
        <>
          <p>{t('crm.notConnected')}</p>
          {isAdmin ? (
            <button
              type="button"
              className="primary"
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {t('crm.connect')}
            </button>
          ) : (
            <p className="field-hint">{t('settings.adminOnly')}</p>
          )}
        </>
      ) : (
        <>
          <ConnectionDetails
            rows={[
              [t('crm.system'), systemName(connection.system)],
              [t('crm.baseUrl'), connection.baseUrl ?? '—'],
              [t('connection.status'), connectionStatusText(t, connection.status)],
              [
                t('crm.pollInterval'),
                connection.pollIntervalSeconds == null
                  ? '—'
                  : t('crm.everySeconds', { count: connection.pollIntervalSeconds }),
              ],
              [t('connection.lastSuccess'), formatDateTime(connection.lastSuccessAt, t('common.never'))],
              [t('connection.nextRun'), formatDateTime(connection.nextRunAt)],
              ...(connection.lastError === null
                ? []
                : [
                    [
                      t('connection.lastError'),
                      `${formatDateTime(connection.lastErrorAt)}: ${connection.lastError}`,
                    ] as const,
                  ]),
            ]}
          />
          {connection.webhookUrl === null ? null : (
            <div className="webhook">
              <h4>{t('crm.webhook.title')}</h4>
              <p>{t('crm.webhook.instructions')}</p>
              <p>
                <code data-testid="webhook-url">{connection.webhookUrl}</code>
              </p>
              <p className="field-hint">
                {connection.hasWebhookSecret === true ? t('crm.webhook.secretSet') : t('crm.webhook.secretMissing')}
              </p>
            </div>
          )}
          {busy !== null && busy.action === 'sync' && busy.error !== null ? (
            <p className="form-error" role="alert">
              {errorText(t, busy.error)}
            </p>
          ) : null}
          {isAdmin ? (
            <div className="actions">
              <button
                type="button"
                onClick={() => {
                  setNotice(null);
                  setEditing(true);
                }}
              >
                {t('crm.change')}
              </button>
              <button
                type="button"
                disabled={busy?.pending === true}
                onClick={() => {
                  run('sync', syncCrmNow, t('crm.syncStarted'));
                }}
              >
                {t('crm.syncNow')}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setNotice(null);
                  setBusy({ action: 'disconnect', error: null, pending: false });
                }}
              >
                {t('crm.disconnect')}
              </button>
            </div>
          ) : (
            <p className="field-hint">{t('settings.adminOnly')}</p>
          )}
          <ConfirmDialog
            open={busy?.action === 'disconnect'}
            title={t('crm.disconnectConfirm.title')}
            confirmLabel={t('crm.disconnect')}
            pending={busy?.pending === true}
            error={busy?.action === 'disconnect' ? busy.error : null}
            onCancel={() => {
              setBusy(null);
            }}
            onConfirm={() => {
              run('disconnect', disconnectCrm, t('crm.disconnected'));
            }}
          >
            <p>{t('crm.disconnectConfirm.body')}</p>
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
