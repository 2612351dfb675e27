// Settings → accountant portal: the Yuki connection (or the form to make one), re-import, and disconnect.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { disconnectPortal, importPortal } from '../api/connections.api.js';
import { errorText } from '../error-text.js';
import { formatDateTime } from '../format.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ConnectionDetails, connectionStatusText } from './connection-details.component.js';
import { PortalConnectForm } from './portal-connect-form.component.js';

import type { ApiError } from '../api.js';
import type { Connection } from '../api/connections.api.js';

type Busy = { action: 'disconnect' | 'import'; error: ApiError | null; pending: boolean } | null;

type PortalConnectionProps = { connection: Connection | null; isAdmin: boolean; onChanged: () => void };

export function PortalConnection({ connection, isAdmin, onChanged }: PortalConnectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);

  function reimport(): void {
    setNotice(null);
    setBusy({ action: 'import', error: null, pending: true });
    importPortal().then(
      (counts) => {
        setBusy(null);
        setNotice(t('portal.imported', { domains: counts.domains, administrations: counts.administrations }));
        onChanged();
      },
      (error: unknown) => {
        setBusy({ action: 'import', error: toApiError(error), pending: false });
      },
    );
  }

  function disconnect(): void {
    setBusy({ action: 'disconnect', error: null, pending: true });
    disconnectPortal().then(
      () => {
        setBusy(null);
        setNotice(t('portal.disconnected'));
        onChanged();
      },
      (error: unknown) => {
        setBusy({ action: 'disconnect', error: toApiError(error), pending: false });
      },
    );
  }

  if (editing) {
    return (
      <PortalConnectForm
        onCancel={() => {
          setEditing(false);
        }}
        onSaved={() => {
          setEditing(false);
          setNotice(t('portal.connected'));
          onChanged();
        }}
      />
    );
  }

  return (
    <div className="panel">
      <h3>{t('portal.title')}</h3>
      {notice === null ? null : (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {connection === null ? (
        <>
          <p>{t('portal.notConnected')}</p>
          {isAdmin ? (
            <button
              type="button"
              className="primary"
              onClick={() => {
                setNotice(null);
                setEditing(true);
              }}
            >
              {t('portal.connect')}
            </button>
          ) : (
            <p className="field-hint">{t('settings.adminOnly')}</p>
          )}
        </>
      ) : (
        <>
          <ConnectionDetails
            rows={[
              [t('crm.system'), 'Yuki'],
              [t('portal.baseUrl'), connection.baseUrl ?? '—'],
              [t('connection.status'), connectionStatusText(t, connection.status)],
              [t('portal.lastImport'), formatDateTime(connection.lastSuccessAt, t('common.never'))],
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
          {busy?.action === 'import' && busy.error !== null ? (
            <p className="form-error" role="alert">
              {errorText(t, busy.error)}
            </p>
          ) : null}
          {isAdmin ? (
            <div className="actions">
              <button type="button" disabled={busy?.pending === true} onClick={reimport}>
                {busy?.action === 'import' && busy.pending ? t('portal.importing') : t('portal.reimport')}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setNotice(null);
                  setBusy({ action: 'disconnect', error: null, pending: false });
                }}
              >
                {t('portal.disconnect')}
              </button>
            </div>
          ) : (
            <p className="field-hint">{t('settings.adminOnly')}</p>
          )}
          <ConfirmDialog
            open={busy?.action === 'disconnect'}
            title={t('portal.disconnectConfirm.title')}
            confirmLabel={t('portal.disconnect')}
            pending={busy?.pending === true}
            error={busy?.action === 'disconnect' ? busy.error : null}
            onCancel={() => {
              setBusy(null);
            }}
            onConfirm={disconnect}
          >
            <p>{t('portal.disconnectConfirm.body')}</p>
          </ConfirmDialog>
        </>
      )}
    </div>
  );
}
